// The article's title box (articles/admin/headline.py, HeadlineWidget): a headline is
// one line, wrapped only on screen, so Enter adds no line break and a pasted one
// becomes a space.
"use strict";
{
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("textarea.headline-input")) {
      event.preventDefault();
    }
  });

  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches("textarea.headline-input") || !/[\r\n]/.test(box.value)) {
      return;
    }
    const end = box.selectionEnd;
    const before = box.value.slice(0, end).replace(/\s*[\r\n]+\s*/g, " ");
    box.value = before + box.value.slice(end).replace(/\s*[\r\n]+\s*/g, " ");
    box.setSelectionRange(before.length, before.length);
  });
}
