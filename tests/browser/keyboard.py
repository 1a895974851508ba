"""Keyboard-only helpers: Tab through a page as a citizen without a mouse would."""

# The focused element's address (or a description) and whether focus is drawn so a
# sighted keyboard user can see it: an outline of at least 2px or a box shadow, and a
# look that differs from the same element unfocused.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    href: el.getAttribute('href'),
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || '').trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
    shadow: style.boxShadow,
    background: style.backgroundColor,
    inViewport: (() => { const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight; })(),
  };
}"""

UNFOCUSED_LOOK = """(el) => { const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0;
  return [outline, s.boxShadow, s.backgroundColor]; }"""

VISIBLE_LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => a.getClientRects().length > 0 && getComputedStyle(a).visibility !== 'hidden')
  .map(a => a.getAttribute('href'))"""

MAX_TABS = 400


def tab_through(page):
    """Tabs from the top of the page to its end; returns each focus state in order.

    Checks, on the way, that every focused element is visibly marked and scrolled
    into view, and that its look changes when focus leaves it.
    """
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    states, previous = [], None
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if previous is not None:
            before = previous["handle"]
            unfocused = before.evaluate(UNFOCUSED_LOOK)
            focused = [previous["outline"], previous["shadow"], previous["background"]]
            assert unfocused != focused, f"focus does not change the look of {previous['text']!r}"
            before.dispose()
        if state is None or (
            states
            and state["href"] == states[0]["href"]
            and state["tag"] == "a"
            and state["text"] == states[0]["text"]
        ):
            break  # focus left the page or wrapped around to the start
        assert state["outline"] >= 2 or state["shadow"] != "none", f"no visible focus on {state}"
        assert state["inViewport"], f"focused element is off screen: {state}"
        state["handle"] = page.evaluate_handle("() => document.activeElement")
        states.append(state)
        previous = state
    else:
        raise AssertionError(f"more than {MAX_TABS} Tab stops on {page.url}")
    if previous is not None and "handle" in previous:
        previous["handle"].dispose()
    return states


def follow_link(page, href):
    """Tabs from the top until the link to ``href`` has focus, then presses Enter."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == href:
            with page.expect_navigation() if not href.startswith("#") else _nothing():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"no Tab stop reaches the link {href} on {page.url}")


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
