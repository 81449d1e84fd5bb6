"""``check_page(page, name)``: the checks every main page passes, at a desk and on a phone.

1. a full-page screenshot at 1366 px wide (``var/e2e/<name>-1366.png``);
2. a full-page screenshot at 390 px wide (``var/e2e/<name>-390.png``), where the page itself must not scroll
   sideways (a wide table may scroll inside its own container, the page may not);
3. axe-core run in the page: a violation of impact "serious" or "critical" fails the test.

axe-core comes from the PyPI package ``axe-playwright-python`` (a dev dependency), which ships ``axe.min.js``
and puts it in the page with ``page.evaluate``: nothing is downloaded, and the page's Content-Security-Policy
(no inline scripts) is not touched. The viewport the page had is restored afterwards.
"""

from __future__ import annotations

from tests.e2e.conftest import SCREENSHOT_DIR

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
FAILING_IMPACTS = {"serious", "critical"}

# The elements that reach past the right edge of the viewport, widest first, skipping those clipped or scrolled
# by an ancestor (a table in a scroll container is fine) and reporting only the outermost of a nested run.
_OVERFLOW_JS = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) {
      text += '.' + el.className.trim().split(/\\s+/).join('.');
    }
    return text;
  };
  const clippedByAncestor = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow !== 'visible') return up.getBoundingClientRect().right <= limit;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit || clippedByAncestor(el)) continue;
    if (found.some((outer) => outer.el.contains(el) && box.right <= outer.right + 1)) continue;
    found.push({el, right: box.right});
  }
  // Text that runs out of its box (a long word in a narrow cell) widens the page without any box doing so.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement || clippedByAncestor(node.parentElement)) continue;
    range.selectNodeContents(node);
    const right = range.getBoundingClientRect().right;
    if (right <= limit || found.some((outer) => outer.el.contains(node) && right <= outer.right + 1)) continue;
    found.push({el: node.parentElement, right, text: node.textContent.trim().slice(0, 40)});
  }
  found.sort((a, b) => b.right - a.right);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    widest: found.slice(0, 6).map(({el, right, text}) =>
      `${text ? 'text "' + text + '" in ' : ''}${describe(el)} (right edge ${Math.round(right)} px)`),
  };
}
"""


def _screenshot(page, name: str, size: dict) -> None:
    page.set_viewport_size(size)
    page.wait_for_load_state("load")
    page.screenshot(path=SCREENSHOT_DIR / f"{name}-{size['width']}.png", full_page=True)


def horizontal_overflow(page) -> str | None:
    """``None`` when the page does not scroll sideways at its current width, else a message naming the culprits."""
    found = page.evaluate(_OVERFLOW_JS)
    if found["scrollWidth"] <= found["clientWidth"] + 1:
        return None
    culprits = "; ".join(found["widest"]) or "no single element (margins or a transform?)"
    return (
        f"{page.url} scrolls sideways at {found['clientWidth']} px: the document is {found['scrollWidth']} px "
        f"wide. Widest elements: {culprits}"
    )


def serious_violations(page) -> list[str]:
    """axe-core's violations of impact serious or critical on the page as shown, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    lines = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in FAILING_IMPACTS:
            continue
        targets = [", ".join(str(part) for part in node["target"]) for node in violation["nodes"][:4]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — {' | '.join(targets)}"
            + (f" and {more} more" if more > 0 else "")
        )
    return lines


def check_page(page, name: str) -> None:
    """Screenshots at 1366 and 390 px, no sideways scroll at 390 px, no serious/critical axe-core violation."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    try:
        _screenshot(page, name, DESK)
        _screenshot(page, name, PHONE)
        overflow = horizontal_overflow(page)
        page.set_viewport_size(DESK)
        violations = serious_violations(page)
    finally:
        if before:
            page.set_viewport_size(before)
    problems = [overflow] if overflow else []
    if violations:
        problems.append(f"{page.url}: accessibility violations (axe-core):\n" + "\n".join(violations))
    assert problems == [], "\n".join(problems)
