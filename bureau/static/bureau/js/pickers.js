// Pickers: each <select data-picker-url> becomes a type-ahead (tom-select) over its record type's
// choices endpoint, which searches name, short name, credit code and pinyin initials on the server.
// Without JavaScript the plain select stays (forms list every record; bureau/pickers/widgets.py).
// A picker with data-picker-add-url offers 新增… : the add form in a dialog, the saved record selected.
"use strict";

(() => {
  const DIALOG_HEADERS = { "X-Ledger-Dialog": "1" };

  function pickerInit(select) {
    if (select.tomselect || !window.TomSelect) {
      return;
    }
    const url = new URL(select.dataset.pickerUrl, window.location.href);
    if (select.dataset.pickerField) {
      url.searchParams.set("field", select.dataset.pickerField);
    }
    const options = Array.from(select.options);
    const empty = options.find((option) => option.value === "");
    // 请选择 is the placeholder; （空） and the like are offered again whenever nothing is typed.
    const fixed = options
      .filter((option) => option.hasAttribute("data-static") && option.value !== "")
      .map((option) => ({ value: option.value, text: option.textContent, hint: "" }));
    // Only the chosen records stay: the others come from the endpoint as the user types.
    options.forEach((option) => {
      if (!option.selected && option.value !== "") {
        option.remove();
      }
    });
    let latest = 0;
    let plugins = {};
    if (select.multiple) {
      plugins = { remove_button: { title: "移除" } };
    } else if (empty) {
      plugins = { clear_button: { title: "清除" } };
    }
    const picker = new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      placeholder: empty ? empty.textContent : "请输入名称、简称或拼音首字母",
      allowEmptyOption: false,
      preload: "focus",
      loadThrottle: 250,
      maxOptions: null,
      plugins,
      shouldLoad: () => true,
      // The server has searched (pinyin, credit code …) and sorted (by pinyin): show its results as they are.
      score: () => () => 1,
      sortField: [{ field: "$order" }],
      load(query, callback) {
        const ticket = ++latest;
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
          .then((data) => {
            if (ticket !== latest) {
              callback(); // an older answer, arrived late
              return;
            }
            this.clearOptions();
            callback([...(query ? [] : fixed), ...data.results]);
          })
          .catch(() => callback());
      },
      render: {
        option(item, escape) {
          const hint = item.hint ? `<small class="text-muted ms-2">${escape(item.hint)}</small>` : "";
          return `<div>${escape(item.text)}${hint}</div>`;
        },
        no_results() {
          return '<div class="no-results">无匹配结果</div>';
        },
        loading() {
          return '<div class="no-results">正在搜索…</div>';
        },
      },
    });
    if (select.dataset.pickerAddUrl) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-primary mt-1 picker-add";
      button.textContent = select.dataset.pickerAddLabel;
      button.addEventListener("click", () => dialogOpen(select, picker));
      picker.wrapper.after(button);
    }
  }

  function pickersInit(root) {
    root.querySelectorAll("select[data-picker-url]").forEach(pickerInit);
  }

  let dialog = null;

  function dialogElement() {
    if (dialog) {
      return dialog;
    }
    dialog = document.createElement("div");
    dialog.className = "modal fade";
    dialog.id = "picker-dialog";
    dialog.tabIndex = -1;
    dialog.setAttribute("aria-labelledby", "picker-dialog-title");
    dialog.innerHTML = `
      <div class="modal-dialog modal-lg modal-dialog-scrollable">
        <form class="modal-content" method="post" novalidate>
          <div class="modal-header">
            <h2 class="modal-title fs-5" id="picker-dialog-title"></h2>
            <button type="button" class="btn-close" data-bs-dismiss="modal" aria-label="关闭"></button>
          </div>
          <div class="modal-body"></div>
          <div class="modal-footer">
            <button type="button" class="btn btn-link btn-sm" data-bs-dismiss="modal">取消</button>
            <button type="submit" class="btn btn-primary btn-sm" id="picker-dialog-save">保存</button>
          </div>
        </form>
      </div>`;
    document.body.append(dialog);
    return dialog;
  }

  function dialogOpen(select, picker) {
    const element = dialogElement();
    const form = element.querySelector("form");
    const body = element.querySelector(".modal-body");
    const url = select.dataset.pickerAddUrl;
    element.querySelector(".modal-title").textContent = select.dataset.pickerAddLabel;
    body.textContent = "正在打开表单…";
    const failed = (message) => {
      const alert = document.createElement("div");
      alert.className = "alert alert-danger py-2";
      alert.setAttribute("role", "alert");
      alert.textContent = message;
      body.prepend(alert);
    };
    const show = (html) => {
      body.innerHTML = html;
      pickersInit(body);
      const first = body.querySelector("input:not([type=hidden]), textarea");
      if (first) {
        first.focus();
      }
    };
    form.action = url;
    form.onsubmit = (event) => {
      event.preventDefault();
      fetch(url, { method: "POST", body: new FormData(form), headers: DIALOG_HEADERS, credentials: "same-origin" })
        .then((response) => {
          const type = response.headers.get("Content-Type") || "";
          if (response.ok && type.includes("application/json")) {
            return response.json().then((record) => {
              picker.addOption({ value: record.value, text: record.text, hint: "" });
              picker.addItem(record.value);
              window.bootstrap.Modal.getOrCreateInstance(element).hide();
            });
          }
          return response.ok ? response.text().then(show) : Promise.reject(response.status);
        })
        .catch(() => failed("保存失败，请检查网络后重试。"));
    };
    window.bootstrap.Modal.getOrCreateInstance(element).show();
    fetch(url, { headers: DIALOG_HEADERS, credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then(show)
      .catch(() => {
        body.textContent = "";
        failed("无法打开表单，请刷新页面后重试。");
      });
  }

  pickersInit(document);
})();
