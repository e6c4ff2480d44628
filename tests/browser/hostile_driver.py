"""What the hostile-input browser tests share (test_hostile_input.py: attributes and typed entries;
test_hostile_addresses.py: the playground's URL hash, embed.html's query and messages posted into it): the odd values
they try, and the check that nothing was injected."""

from __future__ import annotations

from .conftest import LIVE_TIMEOUT_MS

MARKUP = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
# numbers no widget can use: not numbers, not finite, not decimal notation, markup, empty, huge
ODD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e309", "", "   ", "abc", "0x10", "1,5", "2..5", MARKUP, "9" * 3000]
ODD_EXPRESSIONS = [
    MARKUP, "", "a +* b", "(" * 150 + "a" + ")" * 150, "a" * 3000, "__import__('os').system('true')", "a.b", "a[0]",
    "x*X",  # differ only in capitals: one attribute would set both
]

# Everything a successful injection would leave behind, in the page's body and in every shadow root (the head holds
# the page's own scripts).
INJECTED = """() => {
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (/^(IMG|SCRIPT|IFRAME|OBJECT|EMBED)$/.test(el.tagName)) found.push(el.tagName);
      for (const a of el.attributes) if (a.name.startsWith('on') || (el.tagName.startsWith('BP-') && a.name === 'style')) found.push(`${el.tagName}[${a.name}]`);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document.body);
  if (window.pwned !== undefined) found.push(`window.pwned = ${window.pwned}`);
  if (Object.prototype.polluted !== undefined) found.push('Object.prototype.polluted');
  return found;
}"""

MESSAGE = """tag => { const m = document.querySelector(tag).shadowRoot.querySelector('[data-message]');
  return m && !m.hidden ? m.textContent : ''; }"""


def no_errors(watched) -> None:
    assert watched.errors == [], watched.errors
    assert watched.console_errors == [], watched.console_errors


def clean(page) -> None:
    assert page.evaluate(INJECTED) == []


def playground_shows(page, expr: str) -> None:
    page.wait_for_function(
        "expr => { const s = document.querySelector('bp-playground').state; return s && s.expression === expr; }",
        arg=expr, timeout=LIVE_TIMEOUT_MS)


def playground_value_is(page, index: int, value: float) -> None:
    """Wait until the playground's variable number `index` (in its checks; -1 for the last) holds `value`."""
    page.wait_for_function(
        "([i, v]) => document.querySelector('bp-playground').state.checks.at(i).value === v",
        arg=[index, value], timeout=LIVE_TIMEOUT_MS)


def refused(page, tag: str, words: tuple[str, ...], value: str) -> None:
    """The widget explains the value where the learner looks (the message next to its controls), naming what is
    wrong; markup in it is shown as text."""
    page.wait_for_function(f"tag => ({MESSAGE})(tag) !== ''", arg=tag, timeout=LIVE_TIMEOUT_MS)
    text = page.evaluate(MESSAGE, tag)
    assert any(word in text for word in words), (value[:40], text)
    assert len(text) < 600, text  # a 3000-character value is not repeated whole
    if value == MARKUP:
        assert "<img" in text or "<script" in text or "column" in text, text
