// Mount every section: each <section data-mount="name"> gets ./sections/name.js's mount().
import { api } from "./api.js";

for (const el of document.querySelectorAll("[data-mount]")) {
  const name = el.dataset.mount;
  import(`./sections/${name}.js`)
    .then((mod) => mod.mount(el, api))
    .catch((err) => {
      const note = document.createElement("p");
      note.className = "notice error";
      note.textContent = `This part of the guide could not start: ${err.message}`;
      el.append(note);
      console.error(err);
    });
}
