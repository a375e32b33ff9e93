// Agenda editor: reorder steps by dragging their handle or with "Move up" / "Move down".
// The form stays the source of truth: every move rewrites the hidden "Position" fields in the
// new order, so saving works exactly as it does without JavaScript (typed positions).
(function () {
  "use strict";
  var list = document.querySelector("[data-step-list]");
  if (!list) {
    return;
  }
  var status = document.querySelector("[data-step-status]");
  var help = document.getElementById("steps-help");
  if (help && help.dataset.jsHelp) {
    help.textContent = help.dataset.jsHelp;
  }

  function rows() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-step]"));
  }

  function titleOf(row) {
    var input = row.querySelector(".step-title input");
    return input ? input.value.trim() : "";
  }

  // An untouched spare step keeps an empty position, so the form set still skips it.
  function renumber() {
    var position = 0;
    rows().forEach(function (row) {
      var order = row.querySelector("[data-step-order]");
      var number = row.querySelector("[data-step-number]");
      if (titleOf(row)) {
        position += 1;
        if (order) { order.value = String(position); }
        if (number) { number.textContent = interpolate(gettext("Step %(number)s"), {number: position}, true); }
      } else if (order) {
        order.value = "";
      }
    });
    rows().forEach(function (row, index, all) {
      row.querySelector("[data-move='up']").disabled = index === 0;
      row.querySelector("[data-move='down']").disabled = index === all.length - 1;
    });
  }

  function announce(row) {
    var all = rows();
    var name = titleOf(row) || gettext("New step");
    // Translators: read out by screen readers after a step moved: "Check-in: position 2 of 5."
    status.textContent = interpolate(gettext("%(name)s: position %(position)s of %(total)s."),
      {name: name, position: all.indexOf(row) + 1, total: all.length}, true);
  }

  function move(row, direction) {
    if (direction === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (direction === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    renumber();
    announce(row);
    var button = row.querySelector("[data-move='" + direction + "']");
    (button.disabled ? row.querySelector("[data-move]:not(:disabled)") : button).focus();
  }

  // After a refused save the page comes back in form order with the positions the lead gave:
  // show the steps in that order before the positions are taken from the list again.
  function positionOf(row) {
    var order = row.querySelector("[data-step-order]");
    var value = order ? parseInt(order.value, 10) : NaN;
    return isNaN(value) ? Infinity : value;
  }
  rows()
    .map(function (row, index) { return {row: row, index: index, position: positionOf(row)}; })
    .sort(function (a, b) { return a.position - b.position || a.index - b.index; })
    .forEach(function (item) { list.appendChild(item.row); });

  rows().forEach(function (row) {
    row.querySelector("[data-step-move]").hidden = false;
    row.querySelector(".step-order").hidden = true;
    var handle = row.querySelector(".step-handle");
    handle.hidden = false;
    // Only the handle drags (the whole step), so text in the fields can still be selected.
    handle.draggable = true;
  });
  list.classList.add("reorderable");

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (button) {
      move(button.closest("[data-step]"), button.dataset.move);
    }
  });
  list.addEventListener("input", function (event) {
    if (event.target.closest(".step-title")) { renumber(); }
  });

  var dragged = null;
  list.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest(".step-handle");
    if (!handle) { return; }
    dragged = handle.closest("[data-step]");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", titleOf(dragged));
    event.dataTransfer.setDragImage(dragged, 20, 20);
    dragged.classList.add("dragging");
  });
  list.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    event.preventDefault();
    var over = event.target.closest("[data-step]");
    if (!over || over === dragged) { return; }
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
  list.addEventListener("drop", function (event) { event.preventDefault(); });
  list.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    renumber();
    announce(dragged);
    dragged = null;
  });
  renumber();
})();
