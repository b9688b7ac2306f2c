// The rich-text editor of a post's body: django-prose-editor's ProseMirror bundle, started here
// rather than by its own preset, because the preset needs an inline import map and lets Tiptap
// inject an inline <style>, both of which the Content-Security-Policy forbids. The textarea stays
// in the form and receives the HTML; without JavaScript it is edited as it is.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  HorizontalRule,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Strike,
  Text,
  Underline,
} from "../django_prose_editor/editor.js";

function start(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const holder = document.createElement("div");
  holder.className = "prose-editor";
  textarea.before(holder);
  holder.append(textarea);
  new Editor({
    element: holder,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      Dropcursor,
      Gapcursor,
      History,
      Menu,
      Bold,
      Italic,
      Underline,
      Strike,
      Heading.configure({ levels: [2, 3, 4] }),
      BulletList,
      OrderedList,
      ListItem,
      Blockquote,
      HorizontalRule,
      Link.configure({ openOnClick: false }),
    ],
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
    },
  });
}

for (const textarea of document.querySelectorAll("textarea[data-post-editor]")) {
  start(textarea);
}
