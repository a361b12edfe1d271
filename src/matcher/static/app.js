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
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", () => copyLink(button));
  }
  for (const button of document.querySelectorAll("[data-read-aloud]")) {
    offerReadingAloud(button);
  }
  const summary = document.getElementById("foutmeldingen");
  if (summary) {
    summary.focus();
  }
  keepAnswersWhenSwitchingLanguage();
});

// "Kopieer de link": the link to the list on the clipboard, and a word that it worked.
async function copyLink(button) {
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[data-copy-status]");
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = button.dataset.copied;
  } catch {
    status.textContent = "";  // the link stays selected, to copy by hand
  }
}

// "Lees voor" only where the browser can speak; it reads the region's words in the page's language,
// without what is not for reading (buttons, the share box). A second press stops it.
function offerReadingAloud(button) {
  if (!("speechSynthesis" in window)) return;
  const region = button.dataset.readAloud === "main"
    ? document.querySelector("main") : document.getElementById(button.dataset.readAloud);
  const label = button.querySelector("span");
  const start = label.textContent;
  const stopped = () => { label.textContent = start; button.removeAttribute("aria-pressed"); };
  button.hidden = false;
  button.addEventListener("click", () => {
    if (speechSynthesis.speaking) {
      speechSynthesis.cancel();
      stopped();
      return;
    }
    const copy = region.cloneNode(true);
    copy.querySelectorAll(".no-print, [hidden], button, input, svg").forEach((el) => el.remove());
    const words = new SpeechSynthesisUtterance(copy.innerText.replace(/\s+/g, " ").trim());
    words.lang = document.documentElement.lang;
    words.addEventListener("end", stopped);
    label.textContent = button.dataset.stop;
    button.setAttribute("aria-pressed", "true");
    speechSynthesis.speak(words);
  });
}

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
