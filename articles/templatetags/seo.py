"""Template tags for what crawlers read: captured titles for Open Graph, JSON-LD."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles import seo

register = template.Library()


class CaptureNode(template.Node):
    # Blocks inside stay overridable: Django finds them through ``nodelist``.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The output is already escaped by the templates that made it.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}...{% endcapture %}``: renders once, reusable as ``{{ name }}``.

    Lets base.html use a page's title and description block for <title>, the meta
    description and the Open Graph tags alike.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def article_jsonld(article, tags):
    return seo.json_ld_script(
        [
            seo.news_article(article, tags),
            seo.breadcrumb_list(seo.article_crumbs(article)),
        ]
    )


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context, crumbs, current):
    """For the archive breadcrumbs include: Beranda, its crumbs, then this page."""
    request = context["request"]
    trail = [(reverse("articles:home"), _("Beranda")), *crumbs, (request.path, current)]
    return seo.json_ld_script(seo.breadcrumb_list(trail))


@register.simple_tag(takes_context=True)
def tag_breadcrumb_jsonld(context, tag):
    return breadcrumb_jsonld(context, [(reverse("articles:tag_list"), _("Topik"))], tag.name)
