// The media library's picker, opened by the body editor's figure dialog
// (django-prose-editor's "Browse..."): a choice goes back to the dialog through the
// callback the editor registered (CKEditor's protocol), and the window closes.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const grid = document.querySelector(".picker-grid");
  const callback = grid ? grid.dataset.callback : "";
  const tools = window.opener && window.opener.CKEDITOR && window.opener.CKEDITOR.tools;

  if (grid && callback && tools) {
    grid.addEventListener("click", (event) => {
      const choice = event.target.closest(".picker-choice");
      if (!choice) {
        return;
      }
      tools.callFunction(Number(callback), choice.dataset.url, {
        id: Number(choice.dataset.id),
        alternative_text: choice.dataset.alt,
        caption: choice.dataset.caption,
      });
      window.close();
    });
  } else if (grid) {
    // Nobody to give an image to: the buttons would do nothing.
    for (const choice of grid.querySelectorAll(".picker-choice")) {
      choice.disabled = true;
    }
  }
});
