"""The form reader of tests and scripts (scripts/html_forms.py) submits what a browser does."""

from scripts.html_forms import form_fields, post_data


def fields(body, form_id="f"):
    return form_fields(f'<p>before</p><form id="{form_id}" method="post">{body}</form>', form_id)


def test_a_single_select_with_nothing_selected_submits_its_first_option():
    assert fields(
        '<select name="status"><option value="draft">Draf</option>'
        '<option value="published">Terbit</option></select>'
    ) == [("status", "draft")]


def test_a_single_select_submits_its_selected_option_the_last_if_several():
    assert fields(
        '<select name="status"><option value="draft">Draf</option>'
        '<option value="published" selected>Terbit</option></select>'
    ) == [("status", "published")]
    assert fields(
        '<select name="s"><option value="a" selected><option value="b" selected></select>'
    ) == [("s", "b")]


def test_the_first_option_is_an_enabled_one_and_may_be_the_empty_choice():
    first_disabled = (
        '<select name="s"><option value="a" disabled>A</option><option value="b">B</option>'
    )
    assert fields(first_disabled + "</select>") == [("s", "b")]
    blank_first = '<option value="">---------</option><option value="3">redaksi</option>'
    assert fields(f'<select name="author">{blank_first}</select>') == [("author", "")]


def test_a_list_box_or_a_multiple_select_with_nothing_selected_submits_nothing():
    options = '<option value="1">Satu</option><option value="2">Dua</option>'
    assert fields(f'<select name="s" size="4">{options}</select>') == []
    assert fields(f'<select name="tags" multiple>{options}</select>') == []


def test_a_multiple_select_submits_every_selected_option():
    found = fields(
        '<select name="tags" multiple><option value="1" selected>Satu</option>'
        '<option value="2">Dua</option><option value="3" selected>Tiga</option></select>'
    )
    assert found == [("tags", "1"), ("tags", "3")]
    assert post_data(found) == {"tags": ["1", "3"]}


def test_an_option_without_a_value_submits_its_text_and_end_tags_are_optional():
    assert fields(
        '<select name="kota"><option>Palopo<option selected>\n  Makassar  Kota\n</select>'
    ) == [("kota", "Makassar Kota")]


def test_disabled_selected_options_and_options_in_disabled_groups_are_not_submitted():
    disabled_selected = '<option value="a">A</option><option value="b" selected disabled>B</option>'
    assert fields(f'<select name="s">{disabled_selected}</select>') == []
    assert fields(
        '<select name="s"><optgroup label="x" disabled><option value="a">A</option></optgroup>'
        '<option value="b">B</option></select>'
    ) == [("s", "b")]


def test_inputs_checkboxes_and_radios():
    assert fields(
        '<input name="title" value="Rapat &amp; paripurna">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="t0k3n">'
        '<input type="number" name="position">'
        '<input type="checkbox" name="featured" checked>'
        '<input type="checkbox" name="pinned" value="ya">'
        '<input type="checkbox" name="topic" value="1" checked>'
        '<input type="checkbox" name="topic" value="2" checked>'
        '<input type="radio" name="kind" value="kecil" checked>'
        '<input type="radio" name="kind" value="besar">'
    ) == [
        ("title", "Rapat & paripurna"),
        ("csrfmiddlewaretoken", "t0k3n"),
        ("position", ""),
        ("featured", "on"),
        ("topic", "1"),
        ("topic", "2"),
        ("kind", "kecil"),
    ]


def test_of_a_radio_group_only_the_last_checked_counts():
    assert fields(
        '<input type="radio" name="kind" value="kecil" checked>'
        '<input type="radio" name="kind" value="besar" checked>'
    ) == [("kind", "besar")]


def test_textarea_text_without_the_newline_after_its_start_tag():
    assert fields('<textarea name="body">\n&lt;p&gt;Isi&lt;/p&gt;\n\nakhir</textarea>') == [
        ("body", "<p>Isi</p>\n\nakhir")
    ]
    assert fields('<textarea name="empty"></textarea>') == [("empty", "")]


def test_buttons_files_disabled_and_nameless_fields_are_not_submitted():
    assert fields(
        '<input type="submit" name="_save" value="Simpan">'
        '<input type="image" name="map" src="x.png"><input type="reset" name="r">'
        '<input type="button" name="b" value="x"><button name="_continue">Lanjut</button>'
        '<input type="file" name="upload">'
        '<input name="locked" value="x" disabled>'
        '<textarea name="notes" disabled>x</textarea>'
        '<select name="s" disabled><option value="a">A</option></select>'
        '<fieldset disabled><input name="inside" value="x"><fieldset>'
        '<input name="deeper" value="x"></fieldset></fieldset>'
        '<input value="no name">'
        '<input name="kept" value="yes">'
    ) == [("kept", "yes")]


def test_only_the_named_form_and_fields_that_name_it():
    page = (
        '<form id="search"><input name="q" value="anggaran"></form>'
        '<form id="article_form"><input name="title" value="Judul"></form>'
        '<input name="outside" value="x"><input name="linked" form="article_form" value="y">'
    )
    assert form_fields(page, "article_form") == [("title", "Judul"), ("linked", "y")]
    assert form_fields(page, "search") == [("q", "anggaran")]
    assert form_fields(page, "missing") is None
    assert form_fields('<form id="empty"></form>', "empty") == []


def test_fields_come_in_document_order():
    assert fields(
        '<input name="a" value="1"><select name="b"><option value="2"></select>'
        '<textarea name="c">3</textarea><input name="d" value="4">'
    ) == [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")]


def test_post_data_keeps_single_values_as_strings():
    assert post_data([("title", "Judul"), ("tags", "1"), ("tags", "2"), ("tags", "3")]) == {
        "title": "Judul",
        "tags": ["1", "2", "3"],
    }
