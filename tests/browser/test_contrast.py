"""Contrast the way WCAG 2.2 measures it (relative luminance), for what axe does not check: graphics. Every stroke and
fill that carries meaning - graph nodes and wires, arrowheads, chart lines and dots, the decision boundary and the
XOR examples, value bars, legend keys, slider tracks and thumbs, form-field edges, focus rings - has at least 3:1
against what it is drawn on; every number the widgets print (the cyan forward values and rose gradients among them,
SVG text included) has at least 4.5:1. In light and dark, on the lesson page (the site's palette) and on a page of
our own without the site's CSS (the widgets' own defaults).

"What it is drawn on" is measured, not assumed: at each sample point the browser lists what is painted there
(elementsFromPoint); the colours beneath the graphic - HTML backgrounds and SVG fills, with their opacities - are
read with getComputedStyle and composited. Slider tracks and thumbs are pseudo-elements getComputedStyle cannot
see, so they are measured in a screenshot."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

import pytest

from .conftest import LIVE_TIMEOUT_MS, prerendered_site

TEXT = 4.5  # WCAG 1.4.3, normal-size text
GRAPHIC = 3.0  # WCAG 1.4.11, graphical objects and the parts of controls that identify them
ALL = "bp-chain-rule, bp-graph-stepper, bp-neuron-trainer, bp-xor-lab, bp-playground"

# What carries meaning, and how each is judged. Modes:
#   line      the colour against what lies beneath it, at points along it (strokes) or at its centre (small fills)
#   outline   a box's edge: against what is outside it, and against its own inside
#   halo      a line with a contrasting halo under it: core against halo, and core or halo against what is beneath
#   two-tone  a marker of fill and stroke: the two against each other, and one of them against what is beneath
#   text      text: its colour against what is beneath its middle
#   focus     the element focused from the keyboard: its outline against what is beside the element
GRAPH = [
    ("node box", "svg.graph g.node > rect.box", "stroke", "outline"),
    ("wire", "svg.graph g.edge > path.wire", "stroke", "line"),
    ("arrowhead", "svg.graph g.edge > path.head, svg.graph g.edge > path.tail", "fill", "line"),
    ("active edge label box", "svg.graph g.elabel.active > rect.lbox", "stroke", "outline"),
]
RULES = {
    "bp-chain-rule": [
        ("value box", ".stage", "border-left", "outline"),
        ("gradient box", ".grad", "border-left", "outline"),
        ("local derivative rule", ".local", "border-top", "line"),
        ("forward / backward arrow", ".arrow", "color", "line"),
    ],
    "bp-graph-stepper": GRAPH + [
        ("legend key", ".legend .swatch", "border-top", "line"),
    ],
    "bp-playground": GRAPH,
    "bp-neuron-trainer": [
        ("loss line", ".chart .loss-line", "stroke", "line"),
        ("loss dot", ".chart .dot:not(.last)", "fill", "line"),
        ("current loss ring", ".chart .dot.last", "stroke", "outline"),
        ("axis", ".chart .axis", "stroke", "line"),
        ("delta row rule", "tr.delta > *", "border-top", "line"),
    ],
    "bp-xor-lab": [
        ("loss curve", ".chart .curve", "stroke", "line"),
        ("current loss dot", ".chart .now", "fill", "line"),
        ("one-neuron floor", ".chart .floor", "stroke", "line"),
        ("axis", ".chart .axis, .chart .axis-tick", "stroke", "line"),
        ("decision boundary", "svg .boundary", "stroke", "halo"),
        ("example", "svg .example", "fill", "two-tone"),
        ("value bar", ".bar-fill", "fill", "line"),
        ("value bar track", ".bar-track", "stroke", "outline"),
        ("value bar 0.5 mark", ".bar-mid", "stroke", "line"),
    ],
}
# every widget: its form fields' edges, its checked checkboxes' fill, every number it prints, all SVG text
COMMON = [
    ("form field edge", "input[type=text], input[type=number], select", "border-left", "outline-outside"),
    ("checkbox (checked)", "input[type=checkbox]:checked", "accent", "line"),
    ("number", "[data-f]", "color", "text"),
    ("SVG text", "svg text", "fill", "text"),
]
FOCUS = ("focus ring", "input:not([disabled]), button:not([disabled]), select, summary, [tabindex]", "outline", "focus")

AUDIT = """([host, rules]) => {
  const rgba = (s) => {
    if (!s || s === 'none' || s.startsWith('url')) return null;
    const m = s.match(/^rgba?\\(([^)]*)\\)$/);
    if (!m) throw new Error(`a colour this test cannot read: ${s}`);
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const up = (el) => el.parentNode instanceof ShadowRoot ? el.parentNode.host : el.parentElement;
  const opacity = (el) => { let o = 1; for (let e = el; e; e = up(e)) o *= Number(getComputedStyle(e).opacity); return o; };
  const isAncestor = (a, el) => { for (let e = up(el); e; e = up(e)) if (e === a) return true; return false; };
  // painted before the target: an ancestor, or earlier in the same tree without containing it (SVG paints in order)
  const before = (el, target) => isAncestor(el, target) || (el.getRootNode() === target.getRootNode() &&
    !target.contains(el) && !!(el.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING));
  const paintAt = (el, x, y) => {
    const cs = getComputedStyle(el);
    if (el instanceof SVGLineElement || el instanceof SVGPolylineElement) return null; // no inside to fill
    if (el instanceof SVGGeometryElement) {
      const c = rgba(cs.fill);
      if (!c) return null;
      const p = new DOMPoint(x, y).matrixTransform(el.getScreenCTM().inverse());
      if (!el.isPointInFill(p)) return null;
      return [c[0], c[1], c[2], c[3] * Number(cs.fillOpacity) * opacity(el)];
    }
    if (el instanceof SVGElement && !(el instanceof SVGSVGElement)) return null; // groups, text: no area of their own
    const c = rgba(cs.backgroundColor);
    return c && c[3] > 0 ? [c[0], c[1], c[2], c[3] * opacity(el)] : null;
  };
  // the colours painted at (x, y) beneath `target` (and its own fill or background when `self`), top first
  const beneath = (target, x, y, self) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    const layers = [];
    for (const el of target.getRootNode().elementsFromPoint(x, y)) {
      if (el === target ? !self : (target.contains(el) || !before(el, target))) continue;
      const c = paintAt(el, x, y);
      if (c) { layers.push(c); if (c[3] >= 0.999) return layers; }
    }
    return layers; // nothing opaque: reported as a failure
  };
  const colour = (el, paint) => {
    const cs = getComputedStyle(el);
    const o = opacity(el);
    const pick = {
      stroke: [cs.stroke, Number(cs.strokeOpacity)], fill: [cs.fill, Number(cs.fillOpacity)], color: [cs.color, 1],
      'border-left': [cs.borderLeftStyle === 'none' ? 'none' : cs.borderLeftColor, 1],
      'border-top': [cs.borderTopStyle === 'none' ? 'none' : cs.borderTopColor, 1],
      outline: [cs.outlineColor, 1], accent: [cs.accentColor, 1],
    }[paint];
    const c = rgba(pick[0]);
    return c ? [c[0], c[1], c[2], c[3] * pick[1] * o] : null;
  };
  const toClient = (el, p) => { const q = new DOMPoint(p.x, p.y).matrixTransform(el.getScreenCTM()); return [q.x, q.y]; };
  const along = (el, n) => {
    const length = el.getTotalLength();
    return Array.from({length: n}, (_, i) => toClient(el, el.getPointAtLength(length * (i + 0.5) / n)));
  };
  const middle = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const out = [];
  const widgets = [...document.querySelectorAll(host)];
  widgets.forEach((widget, w) => {
    // the widget's forward (cyan) and backward (rose) colours, resolved, to tell which numbers wear them
    const probe = document.createElement('span');
    widget.shadowRoot.append(probe);
    const hues = {};
    for (const [hue, property] of [['forward', '--_fwd'], ['backward', '--_back']]) {
      probe.style.color = `var(${property})`;
      hues[getComputedStyle(probe).color] = hue;
    }
    probe.remove();
    for (const [what, selector, paint, mode] of rules) {
      for (const el of widget.shadowRoot.querySelectorAll(selector)) {
        if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        el.scrollIntoView({block: 'center', inline: 'center'});
        const r = el.getBoundingClientRect();
        if (r.width < 2 && r.height < 2) continue; // visually hidden, or an empty bar
        if (mode === 'text' && !el.textContent.trim()) continue;
        if (mode === 'focus') el.focus();
        const fg = colour(el, paint);
        if ((!fg || fg[3] === 0) && mode !== 'focus') continue;
        const name = `${widget.tagName.toLowerCase()}#${w} ${what} <${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}">` +
          (mode === 'text' ? ` "${el.textContent.trim().slice(0, 20)}"` : '');
        const item = {what, name, mode, fg, samples: [], hue: mode === 'text' ? hues[getComputedStyle(el)[paint]] : undefined};
        if (mode === 'focus') { // the ring is drawn outside the element, over what is beside it
          const cs = getComputedStyle(el);
          const gap = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) / 2;
          item.ring = {style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), shown: el.matches(':focus-visible')};
          item.samples = [[r.left - gap, r.top + r.height / 2], [r.left + r.width / 2, r.top - gap]]
            .map(([x, y]) => beneath(el, x, y, false));
        } else if (mode === 'line' || mode === 'halo') {
          const points = el instanceof SVGGeometryElement && paint === 'stroke' ? along(el, 7)
            : paint.startsWith('border-') ? [paint === 'border-top'
              ? [r.left + r.width / 2, r.top + parseFloat(getComputedStyle(el).borderTopWidth) / 2]
              : [r.left + parseFloat(getComputedStyle(el).borderLeftWidth) / 2, r.top + r.height / 2]]
            : [middle(r)];
          item.samples = points.map(([x, y]) => beneath(el, x, y, false));
          // the halo, drawn just before the line; without one the line is judged on its own
          const halo = el.previousElementSibling;
          if (mode === 'halo') item.halo = halo && halo.classList.contains('halo') ? colour(halo, 'stroke') : null;
        } else if (mode === 'two-tone') {
          item.second = colour(el, 'stroke');
          item.samples = [beneath(el, ...middle(r), false)];
        } else if (mode === 'text') {
          item.samples = [beneath(el, ...middle(r), false)];
        } else { // outline: outside each corner (clear of wires meeting the sides), and the middle of the inside
          const cs = getComputedStyle(el);
          const width = el instanceof SVGGeometryElement ? parseFloat(cs.strokeWidth) * el.getScreenCTM().a / 2 : 0;
          const d = width + 2;
          const corners = [[r.left - d, r.top - d], [r.right + d, r.top - d], [r.left - d, r.bottom + d], [r.right + d, r.bottom + d]];
          item.samples = corners.map(([x, y]) => beneath(el, x, y, false));
          if (mode === 'outline') item.inside = beneath(el, ...middle(r), true);
        }
        out.push(item);
      }
    }
  });
  return out;
}"""

# ---- WCAG arithmetic -------------------------------------------------------------------------------------------------

def luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(top, bottom) -> tuple[float, float, float]:
    """`top` (with its alpha) painted over an opaque `bottom`, as the browser composites them."""
    a = top[3]
    return tuple(a * t + (1 - a) * b for t, b in zip(top[:3], bottom[:3]))


def flatten(layers) -> tuple[float, float, float] | None:
    """Layers listed top first, the last one opaque: the colour they make. None when nothing opaque was found."""
    if not layers or layers[-1][3] < 0.999:
        return None
    colour = tuple(layers[-1][:3])
    for layer in reversed(layers[:-1]):
        colour = over(layer, colour)
    return colour


def judge(item: dict) -> list[str]:
    """What is wrong with one audited item (empty: it passes)."""
    problems = []
    name, mode, fg = item["name"], item["mode"], item["fg"]
    for layers in item["samples"]:
        if layers is None:
            continue  # a sample point outside the viewport
        back = flatten(layers)
        if back is None:
            problems.append(f"{name}: nothing opaque beneath it")
            continue
        core = over(fg, back)
        if mode == "halo" and item["halo"]:
            halo = over(item["halo"], back)
            core = over(fg, halo)
            if ratio(core, halo) < GRAPHIC or max(ratio(core, back), ratio(halo, back)) < GRAPHIC:
                problems.append(f"{name}: core {ratio(core, halo):.2f}:1 on its halo, {ratio(core, back):.2f} / "
                                f"{ratio(halo, back):.2f}:1 on {rgb(back)}")
        elif mode == "two-tone":
            second = over(item["second"], back)
            if ratio(core, second) < GRAPHIC or max(ratio(core, back), ratio(second, back)) < GRAPHIC:
                problems.append(f"{name}: {ratio(core, second):.2f}:1 fill to stroke, best {max(ratio(core, back), ratio(second, back)):.2f}:1 "
                                f"on {rgb(back)}")
        else:
            need = TEXT if mode == "text" else GRAPHIC
            if ratio(core, back) < need:
                problems.append(f"{name}: {rgb(core)} on {rgb(back)} is {ratio(core, back):.2f}:1, needs {need}")
    if mode == "outline":
        inside = flatten(item["inside"])
        if inside is not None and ratio(over(fg, inside), inside) < GRAPHIC:
            problems.append(f"{name}: {rgb(over(fg, inside))} on its own inside {rgb(inside)} is "
                            f"{ratio(over(fg, inside), inside):.2f}:1")
    return problems


def rgb(colour) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in colour[:3])


# ---- screenshots, for what getComputedStyle cannot see --------------------------------------------------------------

def png_pixels(data: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0, (depth, colour_type, interlace)
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            above, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + above) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + above) // 2) & 255
            elif kind == 4:
                p = left + above - corner
                pa, pb, pc = abs(p - left), abs(p - above), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else above if pb <= pc else corner)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return rows


def slider_problems(page, host: str) -> tuple[list[str], int]:
    """Each range input, thumb in the middle: the thumb's centre and the track on either side of it (a quarter of the
    way in from each end: browsers may fill the part before the thumb) against the widget behind the input (its top
    corner, which the thumb and track never reach)."""
    problems = []
    sliders = page.locator(host).locator("input[type=range]:not([disabled])")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        slider.evaluate("el => { el.value = String((Number(el.min) + Number(el.max)) / 2); el.scrollIntoView({block: 'center'}); }")
        rows = png_pixels(slider.screenshot(animations="disabled"))
        height, width = len(rows), len(rows[0])
        back, middle = rows[1][1], rows[height // 2]
        parts = (("thumb", middle[width // 2]), ("track before it", middle[width // 4]),
                 ("track after it", middle[3 * width // 4]))
        for part, colour in parts:
            if ratio(colour, back) < GRAPHIC:
                problems.append(f"{host} slider {i} {part}: {rgb(colour)} on {rgb(back)} is {ratio(colour, back):.2f}:1")
    return problems, sliders.count()


# ---- the pages, in the states that show everything --------------------------------------------------------------

OWN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>contrast</title><link rel="icon" href="favicon.svg" type="image/svg+xml"><script type="module" src="widgets.js"></script></head>
<body><main>
<bp-chain-rule></bp-chain-rule>
<bp-graph-stepper expr="(a*b + a)*d + 2" a="2" b="3" d="4"></bp-graph-stepper>
<bp-playground></bp-playground>
<bp-neuron-trainer></bp-neuron-trainer>
<bp-xor-lab></bp-xor-lab>
</main></body></html>
"""


@pytest.fixture(scope="module")
def own_page_site(dist, tmp_path_factory) -> Iterator:
    """The five widgets on a page with no CSS of ours but theirs: the widgets' own light and dark defaults."""
    server = prerendered_site(dist, tmp_path_factory.mktemp("contrast-page"), "widgets.html", OWN_PAGE)
    yield server
    server.close()


def prepare(page) -> None:
    """Every widget live, and in a state that draws what it can: the neuron trained three steps (a loss line with
    dots), the XOR network trained past its first few hundred steps (a decision boundary), the graphs at their end."""
    page.wait_for_function(f"""() => [...document.querySelectorAll('{ALL}')]
        .every(e => e.getAttribute('engine') === 'live' && e.state)""", timeout=LIVE_TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('bp-xor-lab').state.panels.mlp.heatmap", timeout=LIVE_TIMEOUT_MS)
    neuron = page.locator("bp-neuron-trainer")
    for _ in range(3):
        neuron.locator("#step").click()
    page.wait_for_function("() => document.querySelector('bp-neuron-trainer').state.steps === 3", timeout=LIVE_TIMEOUT_MS)
    lab = page.locator("bp-xor-lab")  # seed 0, the known-good one: its boundary sharpens as it learns
    lab.locator("#play").click()
    page.wait_for_function("() => document.querySelector('bp-xor-lab').state.panels.mlp.step >= 2500", timeout=120_000,
                           polling=100)
    lab.locator("#play").click()
    page.wait_for_function("() => !document.querySelector('bp-xor-lab').playing", timeout=LIVE_TIMEOUT_MS)
    page.wait_for_timeout(300)


def audit(page) -> list[str]:
    problems = []
    found: dict[str, int] = {}
    # the graph stepper at every step: each step colours different nodes, wires and labels
    steps = page.evaluate("() => document.querySelector('bp-graph-stepper').state.steps.length - 1")
    for k in range(steps + 1):
        page.evaluate("k => { document.querySelector('bp-graph-stepper').k = k; }", k)
        for item in page.evaluate(AUDIT, ["bp-graph-stepper", RULES["bp-graph-stepper"]]):
            found[item["what"]] = found.get(item["what"], 0) + 1
            problems += judge(item)
    for tag, rules in RULES.items():
        for item in page.evaluate(AUDIT, [tag, rules + COMMON]):
            found[item["what"]] = found.get(item["what"], 0) + 1
            if item.get("hue"):
                found[f"{item['hue']} text"] = found.get(f"{item['hue']} text", 0) + 1
            problems += judge(item)
        slider_faults, count = slider_problems(page, tag)
        problems += slider_faults
        found["slider"] = found.get("slider", 0) + count
    # nothing was skipped for want of finding it: every kind of graphic listed above was on screen and measured
    listed = {what for rules in RULES.values() for what, *_ in rules} | {what for what, *_ in COMMON}
    assert listed - set(found) == set(), f"never found on screen: {listed - set(found)}"
    assert found["number"] > 60 and found["SVG text"] > 100 and found["wire"] > 20 and found["slider"] >= 3, found
    assert found["forward text"] > 20 and found["backward text"] > 20, found  # the cyan values, the rose gradients
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible rings are drawn
    rings = 0
    for tag in RULES:
        for ring in page.evaluate(AUDIT, [tag, [FOCUS]]):
            rings += 1
            shape = ring["ring"]
            if not shape["shown"] or shape["style"] in ("none", "hidden") or shape["width"] < 2 or not ring["fg"]:
                problems.append(f"{ring['name']}: no visible focus ring ({shape})")
            else:
                problems += judge(ring)
    assert rings > 20, "every control was focused"
    return sorted(set(problems))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["lesson", "own page"])
def test_graphics_3_to_1_and_numbers_4_5_to_1(browser, site, own_page_site, scheme, where):
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto(site.url("index.html") if where == "lesson" else own_page_site.url("widgets.html"))
        prepare(page)
        problems = audit(page)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
