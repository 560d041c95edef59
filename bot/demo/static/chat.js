// The demo's chat page: one person's private chat with the bot, drawn from /api/chat/{id}
// (long poll), and the person switcher and clock controls. Message HTML comes from the
// server already made safe (bot/demo/render.py); everything else is set as text.
"use strict";

const $ = (id) => document.getElementById(id);

const state = {
  ui: {},
  people: [],
  current: null,
  version: 0,
  seen: new Map(), // person id -> last bot message id already seen
  activity: {},
  answers: new Set(), // callback answers already shown
  answersFor: null,
  rendered: new Map(), // message id -> {sig, el}
  poll: null,
  stickToBottom: true, // the next draw scrolls down (a new chat, something I sent)
  pinned: true, // the view is at the bottom: growing content keeps it there
  moving: false, // a clock jump is under way
};

// --- Talking to the demo server -----------------------------------------------------------

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) {
    const text = (await response.text()) || `${state.ui.error || "Gagal"} (${response.status})`;
    throw new Error(text);
  }
  return response.json();
}

function post(path, body) {
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

// --- Small helpers ---------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function initials(name) {
  const words = name.split(",")[0].split(/\s+/).filter((w) => w && !w.endsWith("."));
  return words.slice(0, 2).map((w) => w[0].toUpperCase()).join("") || "?";
}

function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(".", ",")} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}

let toastTimer = null;
function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 3500);
}

function alertBox(text) {
  $("alert-text").textContent = text;
  $("alert").hidden = false;
  $("alert-ok").focus();
}

function banner(text) {
  $("banner").textContent = text || "";
  $("banner").hidden = !text;
}

// --- The side panel --------------------------------------------------------------------------

function personButton(person) {
  const button = el("button", "person");
  button.type = "button";
  button.dataset.id = String(person.id);
  const avatar = el("span", `avatar c${person.id % 7}`, initials(person.name));
  avatar.setAttribute("aria-hidden", "true");
  const text = el("span", "person-text");
  text.append(el("span", "person-name", person.name));
  text.append(el("span", "person-role", person.featured ? person.role : person.unit));
  const dot = el("span", "unread");
  dot.hidden = true;
  dot.title = state.ui.new;
  button.append(avatar, text, dot);
  button.addEventListener("click", () => choose(person.id));
  return button;
}

function drawPeople() {
  const featured = $("featured");
  const others = $("others");
  featured.replaceChildren();
  others.replaceChildren();
  for (const person of state.people) {
    (person.featured ? featured : others).append(personButton(person));
  }
}

function markPeople() {
  for (const button of document.querySelectorAll(".person")) {
    const id = Number(button.dataset.id);
    const current = id === state.current;
    button.setAttribute("aria-current", current ? "true" : "false");
    const latest = state.activity[String(id)] || 0;
    const news = !current && latest > (state.seen.get(id) || 0);
    button.querySelector(".unread").hidden = !news;
  }
}

// On a phone the side panel opens over the chat and folds away once used.
const narrow = window.matchMedia("(max-width: 760px)");

function openSide(open) {
  $("app").classList.toggle("side-open", open);
  $("side-toggle").setAttribute("aria-expanded", open ? "true" : "false");
}

function choose(id) {
  if (narrow.matches) openSide(false);
  if (id === state.current) return;
  state.current = id;
  const person = state.people.find((p) => p.id === id);
  history.replaceState(null, "", `#${id}`);
  $("chat-sub").textContent = person ? `${person.name} · ${person.role}` : "";
  $("messages").replaceChildren();
  state.rendered.clear();
  state.version = 0;
  state.stickToBottom = true;
  closeMenu();
  markPeople();
  restartPoll();
  $("text").focus();
}

// --- The clock ------------------------------------------------------------------------------

async function jump(to) {
  const buttons = document.querySelectorAll(".jump");
  buttons.forEach((b) => { b.disabled = true; });
  const before = $("clock-now").textContent;
  $("clock-now").textContent = state.ui.moving;
  state.moving = true;
  try {
    const result = await post("/api/time", { to });
    $("clock-now").textContent = result.clock;
  } catch (error) {
    $("clock-now").textContent = before;
    toast(error.message);
  } finally {
    state.moving = false;
    buttons.forEach((b) => { b.disabled = false; });
    if (narrow.matches) openSide(false);
  }
}

// --- Messages ------------------------------------------------------------------------------

function messageNode(m) {
  const wrap = el("div", `msg ${m.from}`);
  wrap.dataset.id = String(m.id);
  const bubble = el("div", "bubble");
  if (m.photo) {
    const open = el("button", "photo-button");
    open.type = "button";
    open.setAttribute("aria-label", state.ui.open);
    const img = el("img", "photo");
    img.src = m.photo;
    img.alt = "";
    img.addEventListener("load", () => { if (state.pinned) scrollDown(); });
    open.append(img);
    open.addEventListener("click", () => view(m.photo));
    bubble.append(open);
  }
  if (m.document) {
    const link = el("a", "document");
    link.href = m.document.url;
    link.download = m.document.name;
    link.title = state.ui.download;
    const icon = el("span", "document-icon", "📄");
    const info = el("span");
    info.append(el("div", "document-name", m.document.name));
    info.append(el("div", "document-size", humanSize(m.document.size)));
    link.append(icon, info);
    bubble.append(link);
  }
  const text = el("div", "text");
  text.innerHTML = m.html; // made safe by the server
  if (m.html) bubble.append(text);
  if (m.photo && !m.html) wrap.classList.add("photo-only");
  const meta = el("span", "meta", m.edited ? `${state.ui.edited} ${m.time}` : m.time);
  (m.html ? text : bubble).append(meta);
  wrap.append(bubble);
  if (m.keyboard) {
    const keyboard = el("div", "keyboard");
    for (const row of m.keyboard) {
      const line = el("div", "keyboard-row");
      for (const b of row) {
        if (b.data !== undefined) {
          const button = el("button", "", b.text);
          button.type = "button";
          button.title = b.text;
          button.addEventListener("click", () => press(m.id, b.data, keyboard));
          line.append(button);
        } else if (b.url) {
          const link = el("a", "url-button", `${b.text} ↗`);
          link.href = b.url;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          line.append(link);
        }
      }
      keyboard.append(line);
    }
    wrap.append(keyboard);
  }
  return wrap;
}

function drawMessages(messages) {
  const box = $("messages");
  const wanted = new Set(messages.map((m) => m.id));
  for (const [id, entry] of state.rendered) {
    if (!wanted.has(id)) {
      entry.el.remove();
      state.rendered.delete(id);
    }
  }
  box.querySelectorAll(".day, .empty").forEach((n) => n.remove());
  let previous = null;
  let lastDay = null;
  for (const m of messages) {
    const sig = JSON.stringify(m);
    let entry = state.rendered.get(m.id);
    if (!entry || entry.sig !== sig) {
      const node = messageNode(m);
      if (entry) entry.el.replaceWith(node);
      entry = { sig, el: node };
      state.rendered.set(m.id, entry);
    }
    if (m.day !== lastDay) {
      const day = el("div", "day", m.day);
      if (previous) previous.after(day); else box.prepend(day);
      previous = day;
      lastDay = m.day;
    }
    if (previous) previous.after(entry.el); else box.prepend(entry.el);
    previous = entry.el;
  }
  if (!messages.length) box.append(emptyChat());
}

// An empty chat: how to start; for someone not joined yet, how to join (their invite).
function emptyChat() {
  const person = state.people.find((p) => p.id === state.current);
  const box = el("div", "empty", (person && person.hint) || state.ui.empty);
  if (person && person.invite) {
    const open = el("button", "invite-button", state.ui.invite);
    open.type = "button";
    open.addEventListener("click", () => send(person.invite).catch(() => {}));
    box.append(open);
  }
  return box;
}

function drawReplyKeyboard(messages) {
  const box = $("reply-keyboard");
  box.replaceChildren();
  const last = [...messages].reverse().find((m) => m.from === "bot");
  const rows = (last && last.reply_keyboard) || [];
  for (const row of rows) {
    const line = el("div", "keyboard-row");
    for (const label of row) {
      const button = el("button", "", label);
      button.type = "button";
      button.addEventListener("click", () => send(label));
      line.append(button);
    }
    box.append(line);
  }
  box.hidden = rows.length === 0;
}

function drawMenu(commands) {
  const menu = $("command-menu");
  menu.replaceChildren();
  for (const c of commands) {
    const item = el("button");
    item.type = "button";
    item.setAttribute("role", "menuitem");
    item.append(el("span", "command-name", c.command), el("span", "command-description", c.description));
    item.addEventListener("click", () => { closeMenu(); send(c.command); });
    menu.append(item);
  }
  $("menu-button").hidden = commands.length === 0;
}

function showAnswers(answers) {
  const fresh = state.answersFor === state.current;
  for (const a of answers) {
    if (state.answers.has(a.id)) continue;
    state.answers.add(a.id);
    if (!fresh) continue;
    if (a.alert) alertBox(a.text); else toast(a.text);
  }
  state.answersFor = state.current;
}

function nearBottom() {
  const box = $("messages");
  return box.scrollHeight - box.scrollTop - box.clientHeight < 80;
}

function scrollDown() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
  state.pinned = true;
}

function draw(chat) {
  const stick = state.stickToBottom || state.pinned;
  drawMessages(chat.messages);
  drawReplyKeyboard(chat.messages);
  drawMenu(chat.commands);
  showAnswers(chat.answers);
  if (!state.moving) $("clock-now").textContent = chat.clock;
  state.activity = chat.activity;
  for (const [id, latest] of Object.entries(chat.activity)) {
    const key = Number(id);
    if (!state.seen.has(key) || key === state.current) state.seen.set(key, latest);
  }
  markPeople();
  if (stick) scrollDown();
  state.stickToBottom = false;
}

// --- The long poll ----------------------------------------------------------------------------

function restartPoll() {
  if (state.poll) state.poll.abort();
  const control = new AbortController();
  state.poll = control;
  poll(state.current, control.signal);
}

async function poll(person, signal) {
  while (!signal.aborted) {
    try {
      const url = `/api/chat/${person}?version=${state.version}`;
      const chat = await api(url, { signal });
      if (signal.aborted) return;
      banner("");
      state.version = chat.version;
      draw(chat);
    } catch (error) {
      if (signal.aborted) return;
      banner(state.ui.offline);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

// --- What I do in the chat -------------------------------------------------------------------

async function send(text) {
  const value = text.trim();
  if (!value || state.current === null) return;
  state.stickToBottom = true;
  try {
    await post(`/api/chat/${state.current}/send`, { text: value });
  } catch (error) {
    toast(error.message);
    throw error;
  }
}

async function press(messageId, data, keyboard) {
  const buttons = keyboard.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await post(`/api/chat/${state.current}/press`, { message_id: messageId, data });
  } catch (error) {
    toast(error.message);
  } finally {
    // The bot's answer redraws the message; until then the keyboard stays as it was.
    setTimeout(() => buttons.forEach((b) => { b.disabled = false; }), 1000);
  }
}

async function upload(file) {
  const form = new FormData();
  form.append("file", file, file.name);
  const caption = $("text").value.trim();
  if (caption) form.append("caption", caption);
  state.stickToBottom = true;
  try {
    await api(`/api/chat/${state.current}/upload`, { method: "POST", body: form });
    $("text").value = "";
  } catch (error) {
    toast(error.message);
  }
}

function view(src) {
  $("viewer-img").src = src;
  $("viewer-download").href = src;
  $("viewer").hidden = false;
  $("viewer-close").focus();
}

function openMenu() {
  $("command-menu").hidden = false;
  const first = $("command-menu").querySelector("button");
  if (first) first.focus();
}

function closeMenu() {
  $("command-menu").hidden = true;
}

// --- Start ------------------------------------------------------------------------------------

function label(id, text) {
  $(id).textContent = text;
}

function wire() {
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("text");
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    try {
      await send(text);
    } catch {
      input.value = text;
    }
  });
  $("side-toggle").addEventListener("click", () => {
    openSide(!$("app").classList.contains("side-open"));
  });
  $("menu-button").addEventListener("click", () => {
    if ($("command-menu").hidden) openMenu(); else closeMenu();
  });
  $("attach-button").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", () => {
    const file = $("file-input").files[0];
    $("file-input").value = "";
    if (file) upload(file);
  });
  document.querySelectorAll(".jump").forEach((b) => {
    b.addEventListener("click", () => jump(b.dataset.to));
  });
  $("messages").addEventListener("click", (event) => {
    const command = event.target.closest("a.cmd");
    if (command) {
      event.preventDefault();
      send(command.dataset.command);
      return;
    }
    const spoiler = event.target.closest(".spoiler");
    if (spoiler) spoiler.classList.add("revealed");
  });
  $("messages").addEventListener("scroll", () => { state.pinned = nearBottom(); });
  $("alert-ok").addEventListener("click", () => { $("alert").hidden = true; });
  $("viewer-close").addEventListener("click", () => { $("viewer").hidden = true; });
  $("viewer").addEventListener("click", (event) => {
    if (event.target === $("viewer")) $("viewer").hidden = true;
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    closeMenu();
    $("viewer").hidden = true;
    $("alert").hidden = true;
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("#command-menu, #menu-button")) closeMenu();
  });
}

function labels(ui, bot) {
  document.title = ui.title;
  label("title", ui.title);
  label("subtitle", ui.subtitle);
  label("clock-label", ui.clock);
  label("jump-sore", `☀️ ${ui.afternoon}`);
  $("jump-sore").title = ui.afternoon_hint;
  $("jump-sore").classList.add("secondary");
  label("jump-pagi", `🌅 ${ui.morning}`);
  $("jump-pagi").title = ui.morning_hint;
  label("clock-hint", ui.clock_hint);
  label("who-label", ui.who);
  label("tips", ui.tips);
  label("others-label", ui.others);
  label("bot-name", bot.name);
  $("side-toggle").title = ui.side;
  $("side-toggle").setAttribute("aria-label", ui.side);
  label("menu-label", ui.menu);
  $("attach-button").title = ui.attach;
  $("attach-button").setAttribute("aria-label", ui.attach);
  $("send-button").title = ui.send;
  $("send-button").setAttribute("aria-label", ui.send);
  $("text").placeholder = ui.placeholder;
  $("text").setAttribute("aria-label", ui.placeholder);
  label("alert-ok", ui.ok);
  label("viewer-download", ui.download);
  label("viewer-close", ui.close);
}

async function start() {
  wire();
  let info = null;
  while (info === null) {
    try {
      info = await api("/api/people");
    } catch (error) {
      banner(error.message);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  banner("");
  state.ui = info.ui;
  state.people = info.people;
  labels(info.ui, info.bot);
  $("clock-now").textContent = info.clock;
  drawPeople();
  const wanted = Number(location.hash.slice(1));
  const first = state.people.find((p) => p.id === wanted) || state.people[0];
  if (first) choose(first.id);
}

start();
