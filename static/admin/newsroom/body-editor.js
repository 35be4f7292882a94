// The article body's editor: django-prose-editor's "configurable" preset, started
// without the two inline parts the site's Content-Security-Policy refuses:
// - the import map (an inline <script>), needed only to resolve the bare name
//   "django-prose-editor/editor": this module imports the file by its address;
// - Tiptap's own <style> element (injectCSS): its rules are in body-editor.css.
// The rest is the preset's code: the extensions named in the textarea's
// data-django-prose-editor-configurable attribute (articles/admin/articles.py),
// each configured with its options. Kept in step with django-prose-editor 0.28.
import * as editor from "../../django_prose_editor/editor.js";

const ATTRIBUTE = "data-django-prose-editor-configurable";
// ProseMirror's document is never empty: a lone empty block is an empty field.
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function extensionsOf(config) {
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editor[name];
    if (extension) {
      extensions.push(typeof options === "object" ? extension.configure(options) : extension);
    }
  }
  return extensions;
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = editor.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` });
  textarea.before(wrapper);
  wrapper.append(textarea);
  const instance = new editor.Editor({
    element: wrapper,
    editable: !disabled,
    extensions: extensionsOf(config),
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor: changed }) {
      const html = changed.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", {
      detail: { editor: instance, textarea },
      bubbles: true,
    }),
  );
  return instance;
}

editor.initializeEditors(createEditor, `[${ATTRIBUTE}]`);

export { createEditor };
