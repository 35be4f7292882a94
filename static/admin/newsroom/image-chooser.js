// The image chooser's preview (articles/admin/images.py, ImageChooserWidget): when an
// image is chosen in the lookup window (the images' list, opened by the magnifier),
// its thumbnail there becomes the preview; an ID typed by hand hides the preview
// until the page is saved.
"use strict";
{
  function previewOf(input) {
    const chooser = input && input.closest(".image-chooser");
    return chooser && chooser.querySelector(".image-chooser-preview");
  }

  function show(preview, id, thumbnail) {
    preview.replaceChildren();
    preview.dataset.imageId = thumbnail ? id : "";
    if (thumbnail) {
      const img = document.createElement("img");
      img.className = "image-chooser-thumbnail";
      for (const name of ["src", "width", "height", "alt"]) {
        img.setAttribute(name, thumbnail.getAttribute(name) || "");
      }
      preview.append(img);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const dismiss = window.dismissRelatedLookupPopup;
    if (typeof dismiss === "function") {
      // RelatedObjectLookups.js calls this from the lookup window with the chosen ID.
      window.dismissRelatedLookupPopup = function (win, chosenId) {
        const input = document.getElementById(win.name.replace(/__\d+$/, ""));
        const preview = previewOf(input);
        let thumbnail = null;
        if (preview) {
          const link = win.document.querySelector(
            `a[data-popup-opener="${CSS.escape(String(chosenId))}"]`,
          );
          thumbnail = link && link.closest("tr").querySelector("img.image-thumbnail");
        }
        dismiss.call(this, win, chosenId);
        if (preview) {
          show(preview, String(chosenId), thumbnail);
        }
      };
    }
    for (const preview of document.querySelectorAll(".image-chooser-preview")) {
      const input = preview.closest(".image-chooser").querySelector("input");
      input.addEventListener("change", () => {
        if (input.value.trim() !== preview.dataset.imageId) {
          show(preview, "", null);
        }
      });
    }
  });
}
