"""A4 pages with Chinese text as PDF, for the documents of every domain: what a page is made of
(``drawing``), laying text and bordered tables down pages (``flow``, ``wrapping``), the font
(``fonts``) and the two writers (``embedded_writer``, ``standard_writer``); ``listing`` draws a
titled list of tables, the shape of every roster a domain hands on."""
