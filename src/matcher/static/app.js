// Small improvements on pages that work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.classList.add("js");
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  const link = document.getElementById("deellink");
  if (link) {
    link.addEventListener("focus", () => link.select());
  }
  const summary = document.getElementById("foutmeldingen");
  if (summary) {
    summary.focus();
  }
});
