/* Kirok edit forms: autocomplete listboxes (keyboard and mouse) and "add a row" buttons.
 *
 * The suggestions themselves come from the server through htmx (hx-get on the text box);
 * this file only lets a person move through them and pick one. Picking puts the record's
 * public id into the hidden input beside the box; typing again clears it, so that a text
 * that was not picked is never taken for a choice (the server says so). Loaded with defer;
 * no inline script (Content-Security-Policy).
 */
(function () {
  "use strict";

  function boxOf(element) {
    return element.closest("[data-autocomplete]");
  }

  function options(box) {
    return Array.from(box.querySelectorAll('[role="option"]:not([aria-disabled="true"])'));
  }

  function setOpen(box, open) {
    var input = box.querySelector("[data-autocomplete-input]");
    var list = box.querySelector('[role="listbox"]');
    input.setAttribute("aria-expanded", open ? "true" : "false");
    list.hidden = !open;
    if (!open) {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function activate(box, index) {
    var all = options(box);
    var input = box.querySelector("[data-autocomplete-input]");
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    }
  }

  function activeIndex(box) {
    return options(box).findIndex(function (option) {
      return option.getAttribute("aria-selected") === "true";
    });
  }

  function choose(box, option) {
    var input = box.querySelector("[data-autocomplete-input]");
    box.querySelector("[data-autocomplete-value]").value = option.dataset.value;
    input.value = option.dataset.label;
    box.querySelector('[role="listbox"]').innerHTML = "";
    setOpen(box, false);
    input.focus();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    if (!list.matches || !list.matches('[role="listbox"]')) {
      return;
    }
    var box = boxOf(list);
    list.querySelectorAll('[role="option"]').forEach(function (option, i) {
      option.id = list.id + "-" + i;
    });
    setOpen(box, list.children.length > 0);
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-autocomplete-input]")) {
      boxOf(event.target).querySelector("[data-autocomplete-value]").value = "";
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-autocomplete-input]")) {
      return;
    }
    var box = boxOf(input);
    var count = options(box).length;
    var open = input.getAttribute("aria-expanded") === "true";
    var current = activeIndex(box);
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      setOpen(box, true);
      activate(box, (current + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      setOpen(box, true);
      activate(box, current <= 0 ? count - 1 : current - 1);
    } else if (event.key === "Enter" && open && current >= 0) {
      event.preventDefault();
      choose(box, options(box)[current]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(box, false);
    }
  });

  // mousedown, not click: the box keeps its focus, so the list is still there to click.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest('[data-autocomplete] [role="option"]');
    if (option && option.getAttribute("aria-disabled") !== "true") {
      event.preventDefault();
      choose(boxOf(option), option);
    }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches("[data-autocomplete-input]")) {
      setOpen(boxOf(event.target), false);
    }
  });

  // "Add a row": a copy of the formset's empty form, numbered after the last one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) {
      return;
    }
    var formset = button.closest("[data-formset]");
    var prefix = formset.dataset.formset;
    var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var number = parseInt(total.value, 10);
    var template = formset.querySelector("template[data-formset-template]");
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(number));
    var row = holder.firstElementChild;
    formset.querySelector("[data-formset-rows]").appendChild(row);
    total.value = String(number + 1);
    if (window.htmx) {
      window.htmx.process(row);
    }
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  });
})();
