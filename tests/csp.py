"""What every page must carry and must not contain under the Content-Security-Policy."""

import re

# Directive → the sources it must allow, exactly.
REQUIRED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}

# Code the policy would block: inline scripts, <style> blocks, style attributes, on…= handlers,
# javascript: links.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|<style[\s>]"
    r"|<[a-z][^>]*\s(?:style|on[a-z]+)\s*="
    r"|(?:href|src|action)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)


def policy_of(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def csp_problems(response) -> list[str]:
    """Why ``response`` breaks the policy's promise; empty when it keeps it."""
    policy = policy_of(response) if "Content-Security-Policy" in response.headers else {}
    if not policy:
        return ["no Content-Security-Policy header"]
    problems = [
        f"{name} is {sorted(policy.get(name, ()))}, not {sorted(sources)}"
        for name, sources in REQUIRED.items()
        if policy.get(name) != sources
    ]
    problems += [
        f"{name} allows {source}"
        for name, sources in policy.items()
        for source in sources
        if "unsafe" in source or source in {"*", "data:", "http:", "https:"}
    ]
    if "text/html" in response.headers.get("Content-Type", "") and not getattr(
        response, "streaming", False
    ):
        problems += [
            f"inline code: {match.group(0)[:80]}"
            for match in INLINE.finditer(response.content.decode(errors="replace"))
        ]
    return problems
