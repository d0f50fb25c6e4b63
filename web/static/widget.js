/*
 * Embeds the careers chat widget (rasa-webchat over Rasa's socket.io channel) in any page:
 *
 *   <script src="https://KARRIERE-SEITE/widget.js" data-rasa-url="https://ASSISTENT" defer></script>
 *
 * It loads the widget bundle and its stylesheet from the server it came from, mounts the widget
 * with German texts, and makes it usable with the keyboard and a screen reader: rasa-webchat's
 * buttons and input have no labels, and its quick replies are plain <div>s.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL(".", script.src).href;
  var rasaUrl = script.getAttribute("data-rasa-url");
  var SAFE_LINK = /^(https?:|mailto:)/i;
  // rasa-webchat keeps the session the server issued here (params.storage "session").
  var SESSION_KEY = "chat_session";

  var LABELS = [
    [".rw-launcher", "aria-label", "Chat mit dem Karriere-Assistenten"],
    [".rw-close-button", "aria-label", "Chat schließen"],
    [".rw-close-button img, .rw-avatar, .rw-send svg", "aria-hidden", "true"],
    [".rw-new-message", "aria-label", "Ihre Frage an den Karriere-Assistenten"],
    [".rw-send", "aria-label", "Frage senden"],
    [".rw-reply:not(a)", "role", "button"],
    [".rw-reply:not(a)", "tabindex", "0"],
    [".rw-messages-container", "role", "log"],
    [".rw-messages-container", "aria-live", "polite"],
    [".rw-image-frame", "alt", "Gehaltsdiagramm: die Spannen aus der Antwort, im Monat und im Jahr, mit Quelle"],
    [".rw-image-frame", "tabindex", "0"],
    [".rw-image-frame", "role", "link"],
    [".rw-image-frame", "title", "Diagramm groß öffnen"]
  ];

  /** Adds the labels and roles rasa-webchat leaves out, and drops links that could run script. */
  function improve(root) {
    LABELS.forEach(function (rule) {
      root.querySelectorAll(rule[0]).forEach(function (element) {
        if (element.getAttribute(rule[1]) !== rule[2]) {
          element.setAttribute(rule[1], rule[2]);
        }
      });
    });
    var launcher = root.querySelector(".rw-launcher");
    if (launcher) {
      launcher.setAttribute("aria-expanded", String(Boolean(root.querySelector(".rw-conversation-container"))));
    }
    var header = root.querySelector(".rw-header");
    if (header && !root.querySelector(".kw-privacy")) {
      header.parentNode.insertBefore(privacyControls(), header.nextSibling);
    }
    root.querySelectorAll("a[href]").forEach(function (link) {
      if (!SAFE_LINK.test(link.getAttribute("href").trim())) {
        link.removeAttribute("href");
      }
    });
  }

  /** The privacy notice link and the "Meine Daten löschen" button, shown under the widget's header. */
  function privacyControls() {
    var box = document.createElement("div");
    box.className = "kw-privacy";
    var notice = document.createElement("a");
    notice.href = base + "datenschutz";
    notice.target = "_blank";
    notice.rel = "noopener";
    notice.textContent = "Datenschutz";
    var forget = document.createElement("button");
    forget.type = "button";
    forget.className = "kw-forget";
    forget.textContent = "Meine Daten löschen";
    forget.addEventListener("click", forgetConversation);
    var status = document.createElement("p");
    status.className = "kw-forget-status";
    status.setAttribute("role", "status");
    box.appendChild(notice);
    box.appendChild(forget);
    box.appendChild(status);
    return box;
  }

  /** Asks the assistant to delete this conversation, shows its answer, and starts afresh on the next visit. */
  function forgetConversation() {
    var stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "{}");
    var status = document.querySelector(".kw-forget-status");
    fetch(rasaUrl.replace(/\/$/, "") + "/webhooks/socketio/forget", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: stored.session_id || ""
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      sessionStorage.removeItem(SESSION_KEY);
      status.textContent = answer.text || "Es gibt kein gespeichertes Gespräch zu löschen.";
    }).catch(function () {
      status.textContent = "Das Löschen hat nicht geklappt. Bitte versuchen Sie es später noch einmal.";
    });
  }

  /** Enter or Space on a quick reply or the chart does what a click does. */
  function onKey(event) {
    var target = event.target;
    var activates = event.key === "Enter" || event.key === " ";
    if (!activates || !target.matches || !target.matches(".rw-reply:not(a), .rw-image-frame")) {
      return;
    }
    event.preventDefault();
    target.click();
  }

  /** A click on the chart opens it full size in a new tab. */
  function onClick(event) {
    if (event.target.matches && event.target.matches(".rw-image-frame")) {
      window.open(event.target.src, "_blank", "noopener");
    }
  }

  function mount() {
    window.WebChat.default({
      initPayload: "/greet",
      socketUrl: rasaUrl,
      title: "Karriere-Assistent",
      subtitle: "Gehalt, Aufgaben, Arbeitsmarkt",
      inputTextFieldHint: "Ihre Frage …",
      connectingText: "Verbindung zum Assistenten wird aufgebaut …",
      showFullScreenButton: false,
      mainColor: "#0b4f8a",
      userBackgroundColor: "#0b4f8a",
      userTextColor: "#ffffff",
      assistBackgoundColor: "#eef1f5",
      assistTextColor: "#1f1f1f",
      customMessageDelay: function () { return 300; },
      params: { storage: "session", images: { dims: { width: 340, height: 180 } } }
    }, null);
    new MutationObserver(function () { improve(document.body); })
      .observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["href"] });
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = base + "widget.css";
  document.head.appendChild(style);

  var bundle = document.createElement("script");
  bundle.src = base + "vendor/rasa-webchat.js";
  bundle.onload = mount;
  document.head.appendChild(bundle);
})();
