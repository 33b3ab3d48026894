/* Edit forms of records with a status workflow: the date of the status chosen is required and suggested.
   The status <select data-workflow> carries the steps (LedgerForm._require_step_dates); the suggestion
   follows Workflow.default_date: today for the current year, 31 December for a past year, never before
   an earlier step's date. The server checks again and names the date in its save message. */
(function () {
  "use strict";

  var select = document.querySelector("select[data-workflow]");
  if (!select) { return; }
  var config = JSON.parse(select.dataset.workflow);
  var todayYear = parseInt(config.today.slice(0, 4), 10);
  var yearInput = config.year ? document.getElementById(config.year) : null;

  function input(id) { return document.getElementById(id); }

  function suggestion(step) {
    var year = yearInput ? parseInt(yearInput.value, 10) : NaN;
    if (isNaN(year) || year > todayYear) { return ""; }
    var value = year === todayYear ? config.today : year + "-12-31";
    step.after.forEach(function (id) {
      var earlier = input(id);
      if (earlier && earlier.value && earlier.value > value) { value = earlier.value; }
    });
    return value;
  }

  function hint(field) {
    var wrapper = field.closest("[id^='field-']") || field.parentNode;
    var node = wrapper.querySelector(".workflow-hint");
    if (!node) {
      node = document.createElement("div");
      node.className = "form-text small text-primary workflow-hint";
      wrapper.appendChild(node);
    }
    return node;
  }

  function markRequired(field, required) {
    field.required = required;
    var label = document.querySelector('label[for="' + field.id + '"]');
    if (!label) { return; }
    var mark = label.querySelector(".required-mark");
    if (required && !mark) {
      mark = document.createElement("span");
      mark.className = "text-danger required-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = "*";
      label.appendChild(document.createTextNode(" "));
      label.appendChild(mark);
    } else if (!required && mark) {
      mark.remove();
    }
  }

  function update() {
    var chosen = config.steps[select.value];
    Object.keys(config.steps).forEach(function (status) {
      var field = input(config.steps[status].field);
      if (!field || (chosen && chosen.field === field.id)) { return; }
      markRequired(field, false);
      // A date we suggested and the clerk did not touch leaves with the status it was suggested for.
      if (field.dataset.suggested && field.value === field.dataset.suggested) { field.value = ""; }
      delete field.dataset.suggested;
      hint(field).textContent = "";
    });
    if (!chosen) { return; }
    var field = input(chosen.field);
    if (!field) { return; }
    markRequired(field, true);
    if (!field.value || field.value === field.dataset.suggested) {
      var value = suggestion(chosen);
      field.value = value;
      if (value) {
        field.dataset.suggested = value;
        hint(field).textContent = "已按年度填入建议的" + chosen.label + "，请核对或改为实际日期。";
      } else {
        delete field.dataset.suggested;
        hint(field).textContent = "请填写" + chosen.label + "。";
      }
    }
  }

  select.addEventListener("change", update);
  if (yearInput) { yearInput.addEventListener("change", update); }
  // The status a form opens with may need its date too (a new award nomination starts at 申报).
  update();
})();
