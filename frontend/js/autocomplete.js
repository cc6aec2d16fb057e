// Search suggestions for inputs with data-autocomplete-url. Progressive enhancement: without
// JavaScript the input is a plain search box. Uses a native <datalist>, which browsers expose to
// assistive technology as the input's list of suggestions, so no custom listbox is needed.
const MINIMUM_LENGTH = 2;
const DELAY_MS = 200;

function enhance(input) {
  const list = document.createElement("datalist");
  list.id = `${input.id || "search"}-suggestions`;
  input.after(list);
  input.setAttribute("list", list.id);
  let timer;
  let controller;

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const value = input.value.trim();
    if (value.length < MINIMUM_LENGTH) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const url = new URL(input.dataset.autocompleteUrl, window.location.origin);
        url.searchParams.set("q", value);
        const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const data = await response.json();
        list.replaceChildren(
          ...data.suggestions.map((text) => {
            const option = document.createElement("option");
            option.value = text;
            return option;
          }),
        );
      } catch (error) {
        if (error.name !== "AbortError") list.replaceChildren();
      }
    }, DELAY_MS);
  });
}

export function initAutocomplete(root = document) {
  root.querySelectorAll("input[data-autocomplete-url]").forEach(enhance);
}
