/* Loaded in the head, before the page is drawn: scripts run here, so the page widgets
 * (tree, script, checklist) take their room from the first paint (playbook.css, html.pb-js)
 * and the page does not jump when they start. Without scripts the class is never set and
 * the pages show what works without them (the whole tree, no dead fill-in forms). */
document.documentElement.classList.add("pb-js");
