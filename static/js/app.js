// Small behaviours without inline scripts (the CSP forbids them).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});

// Texts of the widgets, translated by the server (data-text-* on <body>).
const text = (name) => document.body.dataset[name] || "";

// As core.search.fold: "nguyen van anh" finds "Nguyễn Văn Ánh", "d" finds "đ".
const fold = (words) =>
  (words || "").replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ").trim().toLowerCase();
// Tom Select's own matching: the folded text contains the folded query, the exact one first.
const foldedScore = (search) => {
  const query = fold(search);
  return (item) => {
    const name = fold(item.text);
    if (!query) return 1;
    return name === query ? 3 : name.startsWith(query) ? 2 : name.includes(query) ? 1 : 0;
  };
};

function enhance(root) {
  const vietnamese = document.documentElement.lang === "vi";
  root.querySelectorAll("input[data-datepicker]").forEach((input) => {
    if (input._flatpickr) return;
    flatpickr(input, {
      dateFormat: "d/m/Y",
      allowInput: true,
      shorthandCurrentMonth: true,  // "Tháng mười hai" left no room for the year
      locale: vietnamese && flatpickr.l10ns.vn ? { ...flatpickr.l10ns.vn, firstDayOfWeek: 1 } : { firstDayOfWeek: 1 },
    });
  });
  root.querySelectorAll("select[data-searchable]").forEach((select) => {
    if (select.tomselect) return;
    // openOnFocus off: a dropdown opens when the person clicks or types, never on a
    // programmatic refocus (which left it covering the buttons below).
    new TomSelect(select, {
      plugins: { remove_button: { title: text("textRemove") } },
      maxOptions: 500, closeAfterSelect: true, openOnFocus: false, render: widgetTexts(),
      score: foldedScore,
    });
    keepName(select);
  });
  // Too many choices to send with the page (the province's officials): the server renders
  // only the chosen one and answers what the person types.
  root.querySelectorAll("select[data-search-url]").forEach((select) => {
    if (select.tomselect) return;
    const url = select.dataset.searchUrl;
    new TomSelect(select, {
      valueField: "value", labelField: "text", searchField: ["text"], maxOptions: 20,
      plugins: select.multiple
        ? { remove_button: { title: text("textRemove") } }
        : { clear_button: { title: text("textClear") } },
      openOnFocus: false, loadThrottle: 250, render: widgetTexts(),
      // The server found and ranked them (accent-insensitive): keep all it answered.
      score: () => () => 1,
      load(query, callback) {
        fetch(`${url}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" })
          .then((response) => response.json())
          .then(callback)
          .catch(() => callback());
      },
    });
    keepName(select);
  });
}

// Tom Select moves the field's <label> to its own input and hides the original <select>
// (still read by screen readers): name the original after the same label, or after its
// placeholder when the field has no label (a formset cell, a filter).
function keepName(select) {
  if (select.hasAttribute("aria-label") || select.hasAttribute("aria-labelledby")) return;
  const label = document.getElementById(`${select.id}-ts-label`);
  if (label) {
    select.setAttribute("aria-labelledby", label.id);
    return;
  }
  const words = select.getAttribute("placeholder") || select.dataset.placeholder || select.title;
  if (words) select.setAttribute("aria-label", words);
}

function widgetTexts() {
  const line = (words) => {
    const div = document.createElement("div");
    div.className = "no-results";
    div.textContent = words;
    return div;
  };
  return {
    no_results: () => line(text("textNoResults")),
    loading: () => line(text("textLoading")),
  };
}

// Amounts in đồng regrouped by dots when the field is left: 250000000 → 250.000.000.
// Anything that is not plainly a whole number is left as typed for the server to explain.
document.addEventListener("change", (event) => {
  if (!event.target.matches("input[data-vnd]")) return;
  const value = event.target.value.trim();
  if (!/^[\d.\s]+$/.test(value)) return;
  const digits = value.replace(/\D/g, "");
  event.target.value = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}, true);

document.addEventListener("DOMContentLoaded", () => enhance(document));
document.addEventListener("htmx:afterSwap", (event) => enhance(event.target));

document.addEventListener("click", (event) => {
  if (event.target.matches("[data-print]")) window.print();
});

// The request form: a private trip hides the business-only fields (inviter, organiser,
// enterprise boxes, cost, plan line, head) and says at once that it is for one person.
// The server clears those fields for a private request whatever the browser sends.
function tripKindChanged(form) {
  const kind = form.querySelector("select[data-trip-kind]");
  if (!kind) return;
  const isPrivate = kind.value === "private";
  form.querySelectorAll("[data-business-only]").forEach((row) => row.classList.toggle("d-none", isPrivate));
  const members = form.querySelector("select[data-private-one-person]");
  const notice = form.querySelector("#private-one-person");
  if (!members || !notice) return;
  const tooMany = isPrivate && members.selectedOptions.length > 1;
  notice.textContent = tooMany ? members.dataset.privateOnePersonText : "";
  notice.classList.toggle("d-block", tooMany);
}
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-trip-kind], select[data-private-one-person]")) {
    tripKindChanged(event.target.form);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form").forEach(tripKindChanged);
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
});

// Annual plans: "Thêm dòng" adds an empty line from the formset's template (__prefix__).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-plan-line]");
  if (!button) return;
  const form = button.form;
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const template = form.querySelector("#plan-line-template");
  if (!total || !template) return;
  const index = Number(total.value);
  const holder = document.createElement("div");
  holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
  const line = holder.firstElementChild;
  form.querySelector("#plan-lines").appendChild(line);
  total.value = String(index + 1);
  enhance(line);
  line.querySelector("input, textarea, select")?.focus();
});
