// Keyboard review: j/k move, c/d decide, n note, o open, Esc leaves a field. No inline script
// anywhere (the page's CSP forbids it), so this file is the page's only code.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-item]"));
  var KEY = "bc-sel:" + location.pathname;
  var sel = Math.min(parseInt(sessionStorage.getItem(KEY) || "0", 10) || 0, Math.max(0, items.length - 1));

  function show() {
    items.forEach(function (el, i) { el.classList.toggle("selected", i === sel); });
    if (items[sel] && items.length > 1) items[sel].scrollIntoView({block: "nearest"});
    sessionStorage.setItem(KEY, String(sel));
  }
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT");
  }
  function decide(which) {
    var item = items[sel];
    if (!item) return;
    if (!document.querySelector("main").dataset.reviewer) {  // asked once, on the page
      var who = document.getElementById("who-name");
      who.focus();
      who.classList.add("wanted");
      return;
    }
    var form = item.querySelector("form.decide");
    form.action = form.dataset[which];
    form.submit();
  }
  function go(link) { var a = document.getElementById(link); if (a) location.href = a.href; }

  items.forEach(function (el, i) {
    el.addEventListener("click", function () { sel = i; show(); });
  });
  document.querySelectorAll("form.filters select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(document.activeElement)) {
      if (e.key === "Escape") document.activeElement.blur();
      return;
    }
    var single = items.length === 1 && document.querySelector(".claim");
    switch (e.key) {
      case "j": if (single) go("next"); else { sel = Math.min(sel + 1, items.length - 1); show(); } break;
      case "k": if (single) go("prev"); else { sel = Math.max(sel - 1, 0); show(); } break;
      case "c": decide("confirm"); break;
      case "d": decide("dismiss"); break;
      case "n": var note = items[sel] && items[sel].querySelector("input.note"); if (note) note.focus(); break;
      case "o": case "Enter": if (items[sel] && items[sel].dataset.href) location.href = items[sel].dataset.href; break;
      default: return;
    }
    e.preventDefault();
  });
  show();
})();
