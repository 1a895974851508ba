"""What a browser would submit for one HTML form: the one reader of tests and scripts.

    fields = form_fields(html, "article_form")   # [(name, value), ...] in document order
    data = post_data(fields)                     # {name: value or [values]}, for Django's client

Used by tests/staff.py (the admin forms the tests post back) and scripts/two_servers.py
(an edit through a real server). It follows the HTML standard's form submission rules
for what this site renders:

- ``<input>``: text-like types submit their ``value`` ("" without one); checkboxes and
  radios only when ``checked`` (value "on" without one; of one radio group the last
  checked wins); submit, reset, button and image inputs are not fields (the submitter
  is the caller's to add, e.g. ``_save``), nor are file inputs (urlencoded forms only).
- ``<textarea>``: its text, without the one newline right after the start tag.
- ``<select>``: the ``selected`` options. A single select shown as a drop-down (no
  ``size`` above 1) with none selected submits its FIRST enabled option, as a browser
  does; a multiple select with none selected submits nothing. An option without a
  ``value`` submits its text.
- Disabled fields (``disabled`` on the field, or inside ``<fieldset disabled>``),
  disabled options and fields without a name are not submitted. A field with a
  ``form="..."`` attribute belongs to the form with that id, wherever it is.

Standard library only, so that both sides can import it. It lives in scripts/ because
the scripts cannot import the ``tests`` package (they run as ``python scripts/x.py``,
with only scripts/ on ``sys.path``): the scripts import it as the sibling module
``html_forms``, the tests as ``scripts.html_forms`` (scripts/ has no ``__init__.py``;
from the project root it is a namespace package), as they import ``scripts.harness``.
"""

from html.parser import HTMLParser

NOT_FIELDS = {"submit", "reset", "button", "image", "file"}


def form_fields(html, form_id):
    """The (name, value) pairs the form with id ``form_id`` submits, in document order.

    None when the page has no such form (a form with no fields gives ``[]``).
    """
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    if not reader.found:
        return None
    return [pair for entry in reader.entries for pair in entry]


def post_data(fields):
    """``fields`` as a dict for Django's test client: a name given several values (a
    multiple select, checkboxes sharing a name) maps to their list, any other to its value."""
    data = {}
    for name, value in fields:
        if name not in data:
            data[name] = value
        elif isinstance(data[name], list):
            data[name].append(value)
        else:
            data[name] = [data[name], value]
    return data


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.found = False
        self.inside = False  # between <form id=form_id> and </form>
        self.disabled_fieldsets = 0  # open <fieldset disabled> elements
        # One list of pairs per field, in document order: a <select> or <textarea> is
        # given its place at its start tag and filled in when it ends.
        self.entries = []
        self.radios = {}  # radio group name -> its entry, to keep only the last checked
        self.textarea = None  # [name, text, entry] while inside a submitted <textarea>
        self.select = None  # the open <select> (a _Select), submitted or not
        self.option = None  # the open <option>: [value or None, text, selected, disabled]

    # --- which elements count ------------------------------------------------------------

    def _submitted(self, attrs):
        """Whether a field with these attributes is part of this form's submission."""
        belongs = attrs["form"] == self.form_id if "form" in attrs else self.inside
        return (
            belongs
            and bool(attrs.get("name"))
            and "disabled" not in attrs
            and not self.disabled_fieldsets
        )

    # --- the parser's events ---------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        # A valueless attribute (``<option selected>``) comes as None: make it "".
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.found = self.inside = True
        elif tag == "fieldset" and (self.disabled_fieldsets or "disabled" in attrs):
            self.disabled_fieldsets += 1  # one inside a disabled one too, to balance its end
        elif tag == "input":
            self._input(attrs)
        elif tag == "textarea":
            self._end_textarea()
            if self._submitted(attrs):
                self.textarea = [attrs["name"], "", []]
                self.entries.append(self.textarea[2])
        elif tag == "select":
            self._end_select()
            self.select = _Select(attrs, submitted=self._submitted(attrs))
            self.entries.append(self.select.pairs)
        elif tag == "optgroup" and self.select is not None:
            self._end_option()
            self.select.group_disabled = "disabled" in attrs
        elif tag == "option" and self.select is not None:
            self._end_option()  # </option> is optional
            disabled = "disabled" in attrs or self.select.group_disabled
            self.option = [attrs.get("value"), "", "selected" in attrs, disabled]

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self._end_textarea()
            self._end_select()
            self.inside = False
        elif tag == "fieldset" and self.disabled_fieldsets:
            self.disabled_fieldsets -= 1
        elif tag == "textarea":
            self._end_textarea()
        elif tag == "select":
            self._end_select()
        elif tag == "option":
            self._end_option()
        elif tag == "optgroup" and self.select is not None:
            self._end_option()
            self.select.group_disabled = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.option is not None:
            self.option[1] += data

    def close(self):
        super().close()
        self._end_textarea()
        self._end_select()

    # --- the fields ------------------------------------------------------------------------

    def _input(self, attrs):
        kind = attrs.get("type", "text").lower()
        if kind in NOT_FIELDS or not self._submitted(attrs):
            return
        name = attrs["name"]
        if kind in ("checkbox", "radio"):
            if "checked" not in attrs:
                return
            entry = [(name, attrs.get("value", "on"))]
            if kind == "radio":
                # One checked radio per group: a later one unchecks the one before.
                self.radios.get(name, []).clear()
                self.radios[name] = entry
            self.entries.append(entry)
        else:
            self.entries.append([(name, attrs.get("value", ""))])

    def _end_textarea(self):
        if self.textarea is not None:
            # The HTML parser of browsers drops a newline right after <textarea>
            # (Django writes one there).
            name, text, entry = self.textarea
            entry.append((name, text.removeprefix("\n")))
            self.textarea = None

    def _end_option(self):
        if self.option is not None:
            value, text, selected, disabled = self.option
            if value is None:  # no value attribute: the text, whitespace collapsed
                value = " ".join(text.split())
            self.select.options.append((value, selected, disabled))
            self.option = None

    def _end_select(self):
        if self.select is not None:
            self._end_option()
            self.select.finish()
            self.select = None


class _Select:
    """One ``<select>``: its options as they are read, its pairs once it has ended."""

    def __init__(self, attrs, submitted):
        self.name = attrs.get("name")
        self.multiple = "multiple" in attrs
        size = attrs.get("size", "").strip()
        # A single select drawn as a drop-down (size 1, the default) always shows,
        # and submits, an option; a list box (size > 1) may have none selected.
        self.drop_down = not self.multiple and (not size.isdigit() or int(size) <= 1)
        self.submitted = submitted
        self.group_disabled = False
        self.options = []  # (value, selected, disabled)
        self.pairs = []

    def finish(self):
        if not self.submitted:
            return
        selected = [option for option in self.options if option[1]]
        if not self.multiple:
            # Of several options marked selected in a single select, the last one is.
            selected = selected[-1:]
            if not selected and self.drop_down:
                selected = [option for option in self.options if not option[2]][:1]
        self.pairs[:] = [(self.name, value) for value, _, disabled in selected if not disabled]
