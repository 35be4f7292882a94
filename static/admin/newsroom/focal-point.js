// The image's change page: a click on the preview sets the focal point (the two
// fields, as fractions of the width and height), and a marker shows where it is.
"use strict";
{
  document.addEventListener("DOMContentLoaded", () => {
    const focus = document.querySelector(".image-focus");
    const fieldX = document.getElementById("id_focal_x");
    const fieldY = document.getElementById("id_focal_y");
    if (!focus) {
      return;
    }
    const image = focus.querySelector("img");
    const marker = focus.querySelector(".image-focus-marker");

    function place(x, y) {
      // CSSOM, not a style attribute: the policy allows a script's own styles.
      marker.style.left = `${x * 100}%`;
      marker.style.top = `${y * 100}%`;
      marker.hidden = false;
    }

    function current() {
      const x = fieldX ? parseFloat(fieldX.value) : NaN;
      const y = fieldY ? parseFloat(fieldY.value) : NaN;
      if (Number.isFinite(x) && Number.isFinite(y)) {
        return [x, y];
      }
      return [parseFloat(focus.dataset.focalX), parseFloat(focus.dataset.focalY)];
    }

    place(...current());
    if (!fieldX || !fieldY) {
      return; // Read-only: the marker only shows the point.
    }
    focus.classList.add("image-focus-editable");
    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      const clamp = (value) => Math.min(1, Math.max(0, value));
      const x = clamp((event.clientX - box.left) / box.width);
      const y = clamp((event.clientY - box.top) / box.height);
      fieldX.value = x.toFixed(3);
      fieldY.value = y.toFixed(3);
      place(x, y);
    });
    for (const field of [fieldX, fieldY]) {
      field.addEventListener("input", () => place(...current()));
    }
  });
}
