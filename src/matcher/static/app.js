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
  keepAnswersWhenSwitchingLanguage();
});

// The link keeps the answers of the questions before; this also keeps what is ticked or typed on
// the question on screen, so a person who switches language in the middle loses nothing.
function keepAnswersWhenSwitchingLanguage() {
  const answers = document.getElementById("antwoorden");
  const switcher = document.querySelector("form.language");
  if (!answers || !switcher) return;
  switcher.addEventListener("submit", () => {
    switcher.elements.terug.value = answers.dataset.terug;
    for (const [name, value] of new FormData(answers)) {
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      field.value = value;
      switcher.append(field);
    }
  });
}

// Warn two minutes before the idle timeout and let the person extend the session (WCAG 2.2.1).
document.addEventListener("DOMContentLoaded", () => {
  const body = document.body;
  const idle = Number(body.dataset.idleSeconds || 0);
  const dialog = document.getElementById("sessiewaarschuwing");
  if (!idle || !dialog) return;
  const warnAfter = Math.max(idle - 120, 20) * 1000;
  let timer;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      dialog.hidden = false;
      dialog.querySelector("[data-extend]").focus();
    }, warnAfter);
  };
  dialog.querySelector("[data-extend]").addEventListener("click", async () => {
    const response = await fetch(body.dataset.extendUrl, {
      method: "POST", headers: {"X-CSRFToken": body.dataset.csrf}, credentials: "same-origin",
    });
    if (response.ok) {
      dialog.hidden = true;
      schedule();
    } else {
      window.location.reload();
    }
  });
  schedule();
});
