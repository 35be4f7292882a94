"""The admin's templates name a model through phrases.py, as its ModelAdmins do:
{% worded "add_title" cl.opts %}, {% worded "delete_question" opts object %}."""

from django import template

from articles.admin import phrases

register = template.Library()

# The sentences a template may ask for, with the values each takes after the model.
TEMPLATE_PHRASES = {
    "add_title": phrases.add_title,
    "select_all": phrases.select_all,
    "recover_deleted": phrases.recover_deleted,
    "delete_question": phrases.delete_question,
    "delete_forbidden": phrases.delete_forbidden,
    "delete_protected": phrases.delete_protected,
    "delete_selected_question": phrases.delete_selected_question,
    "delete_selected_forbidden": phrases.delete_selected_forbidden,
    "delete_selected_protected": phrases.delete_selected_protected,
}


@register.simple_tag
def worded(name, opts, *values):
    return TEMPLATE_PHRASES[name](opts, *values)
