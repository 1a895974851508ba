"""The admin's forms: what staff fill in, checked by the editorial rules before saving."""

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from articles import editorial, limits
from articles.editorial import ChangeKind, Publication
from articles.models import Article, Section, Tag


class SectionForm(forms.ModelForm):
    # Blank means "after the others", so a new section never jumps to the top.
    position = forms.IntegerField(
        label=_("Urutan"),
        required=False,
        min_value=0,
        help_text=_(
            "Bagian diurutkan dari angka kecil ke besar. Kosongkan untuk menaruh di akhir."
        ),
    )

    class Meta:
        model = Section
        fields = ["position", "heading", "body"]


class SectionFormSet(BaseInlineFormSet):
    """The article's sections, in the order staff asked for."""

    def kept_forms(self):
        """The forms that stay, in order: blank positions go last, ties keep their order."""
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and (form.has_changed() or form.instance.pk)
        ]
        return sorted(
            kept,
            key=lambda form: (
                form.cleaned_data.get("position") is None,
                form.cleaned_data.get("position") or 0,
            ),
        )

    def sections(self):
        """[(heading, body)] as they will be saved."""
        return [
            (form.cleaned_data.get("heading") or "", form.cleaned_data.get("body") or "")
            for form in self.kept_forms()
        ]

    def clean(self):
        super().clean()
        if self.management_form.cleaned_data.get("TOTAL_FORMS", 0) < 0:
            raise ValidationError(_("Data bagian rusak: muat ulang formulir lalu coba lagi."))
        if any(self.errors):
            return
        problems = limits.text_problems(self.instance.title or "", self.sections())
        if problems:
            raise ValidationError([problem.message for problem in problems])


class ArticleForm(forms.ModelForm):
    """The article form, with the version it was loaded at and the choices staff make.

    ``request`` and ``can_publish`` are set by ArticleAdmin.get_form. Status and
    publish time are not written to the article by the form: the editorial module
    decides them from the "Penerbitan" choice.
    """

    request = None
    can_publish = False

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Publication.CHOICES,
        widget=forms.RadioSelect,
        initial=Publication.DRAFT,
    )
    publish_at = forms.SplitDateTimeField(
        label=_("Waktu terbit"),
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text=_(
            "Waktu WITA. Dipakai bila Anda memilih “Terbitkan pada waktu di bawah”: "
            "waktu di masa depan menjadwalkan artikel, waktu lampau menerbitkannya "
            "dengan tanggal itu. Pada draf boleh dikosongkan."
        ),
    )
    change_kind = forms.ChoiceField(
        label=_("Jenis perubahan"),
        choices=ChangeKind.CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Wajib dipilih bila teks artikel yang sudah terbit diubah."),
    )
    correction_reason = forms.CharField(
        label=_("Alasan koreksi"),
        max_length=255,
        required=False,
        help_text=_("Satu kalimat untuk pembaca, mis.: “Jumlah anggaran diperbaiki.”"),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "tags",
            "publish_date_inferred",
            "author",
            "legacy_id",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.drop_malformed_choice("author")
        article = self.instance
        if article.pk:
            self.fields["loaded_version"].initial = article.version
            self.fields["status"].initial = editorial.publication_for(article)
        # A time nobody chose (a new draft's) means nothing yet: the field stays empty.
        shown = article.publish_at_chosen or article.status == Article.Status.PUBLISHED
        self.fields["publish_at"].initial = article.publish_at if shown else None
        if "status" in self.fields and not self.can_publish:
            self.fields["status"].choices = [
                choice for choice in Publication.CHOICES if choice[0] == Publication.DRAFT
            ]
            self.fields["status"].error_messages["invalid_choice"] = _(
                "Hanya editor yang dapat menerbitkan atau menjadwalkan artikel. "
                "Simpan sebagai draf; editor akan menerbitkannya."
            )

    def drop_malformed_choice(self, name):
        """A non-numeric id for a choice field becomes empty, so the form answers
        "required" or "not a choice" instead of failing to show itself again (the
        autocomplete widget looks the posted value up to draw it)."""
        key = self.add_prefix(name)
        if not self.is_bound or name not in self.fields or key not in self.data:
            return
        values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data[key]]
        if any(value and not str(value).isdigit() for value in values):
            self.data = self.data.copy()
            self.data[key] = ""

    def formsets(self):
        return getattr(self.request, "article_formsets", [])

    def section_formset(self):
        return next((f for f in self.formsets() if isinstance(f, SectionFormSet)), None)

    def text_changed(self):
        # Tags are how the article is filed, not its text: no correction needed.
        return any(name in self.changed_data for name in ("title", "summary")) or any(
            formset.has_changed() for formset in self.formsets()
        )

    def clean_publish_at(self):
        moment = self.cleaned_data.get("publish_at")
        if problem := limits.publish_time_problem(moment):
            raise ValidationError(problem)
        return moment

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if problem := editorial.slug_problem(slug, self.instance.pk):
            raise ValidationError(problem)
        return slug

    def clean(self):
        cleaned = super().clean()
        save_error = getattr(self.request, "article_save_error", None)
        if save_error:
            raise ValidationError(save_error)
        if (
            cleaned.get("status") == Publication.PUBLISHED
            and not cleaned.get("publish_at")
            and "publish_at" not in self.errors
        ):
            self.add_error("publish_at", _("Isi waktu terbit, atau pilih “Terbitkan sekarang”."))
        if self.instance.pk:
            self.check_version()
            self.check_change_kind(cleaned)
        return cleaned

    def check_version(self):
        """Refuses a save that started from an older version than the stored one."""
        loaded = self.cleaned_data.get("loaded_version")
        current, conflict = editorial.lock_for_saving(self.instance.pk, loaded)
        if conflict is None:
            return
        self.conflict = conflict
        # The next save starts from the current version: the writer has now seen it.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(current)
        raise ValidationError(
            _(
                "Artikel ini sudah diubah orang lain sejak Anda membukanya, jadi belum "
                "disimpan. Teks Anda masih ada di formulir di bawah. Periksa perubahan "
                "mereka, gabungkan bila perlu, lalu simpan lagi."
            ),
            code="stale_version",
        )

    def check_change_kind(self, cleaned):
        if not editorial.needs_change_kind(self.instance, self.text_changed()):
            return
        try:
            editorial.check_change_kind(
                cleaned.get("change_kind"), cleaned.get("correction_reason", "")
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name, message)


class RestoreForm(forms.Form):
    """For a public article, restoring old text is a change readers may need to know of."""

    change_kind = ArticleForm.base_fields["change_kind"]
    correction_reason = ArticleForm.base_fields["correction_reason"]

    def __init__(self, *args, public, **kwargs):
        super().__init__(*args, **kwargs)
        if not public:
            del self.fields["change_kind"]
            del self.fields["correction_reason"]
        else:
            self.fields["change_kind"].required = True


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        # Tags are case-insensitive: "Anggaran" and "anggaran" are one topic.
        name = self.cleaned_data["name"].strip()
        if Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _(
                    "Sudah ada tag bernama “%(name)s”. Untuk menyatukan dua tag, pilih "
                    "keduanya di daftar tag lalu pakai aksi “Gabungkan tag terpilih”."
                ),
                params={"name": name},
            )
        return name
