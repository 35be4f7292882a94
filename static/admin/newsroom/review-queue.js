// The review queue (templates/admin/articles/review_queue.html): a "select all" box
// for each section's bulk decision, which works without it, one box at a time.
"use strict";
{
  for (const form of document.querySelectorAll("form.review-bulk")) {
    const boxes = () => document.querySelectorAll(`input[name="pk"][form="${form.id}"]`);
    const label = document.createElement("label");
    const all = document.createElement("input");
    all.type = "checkbox";
    label.append(all, " ", form.dataset.selectAll);
    form.prepend(label);
    all.addEventListener("change", () => {
      for (const box of boxes()) {
        box.checked = all.checked;
      }
    });
    document.addEventListener("change", (event) => {
      if (event.target.matches(`input[name="pk"][form="${form.id}"]`)) {
        const checked = [...boxes()].filter((box) => box.checked).length;
        all.checked = checked === boxes().length;
        all.indeterminate = checked > 0 && !all.checked;
      }
    });
  }
}
