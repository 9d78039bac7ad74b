// Pages a list or a table body so that a wall board never scrolls: the items are cut into pages that fit the box they
// are shown in, measured in the browser (names wrap differently on every screen), and the board shows one page at a
// time, turning every few seconds. Items come worst first, so page 1 always holds the rows that need attention.

export class Pager {
  /**
   * @param {HTMLElement} list  the <tbody>, <ul> or <ol> whose children are the items
   * @param {HTMLElement} box   the element that clips (its bottom edge is the limit)
   * @param {HTMLElement|null} label  where "trang 2/3" goes; null for a list that only shows what fits (the ticker)
   */
  constructor(list, box, label) {
    this.list = list;
    this.box = box;
    this.label = label;
    this.pages = [[]];
    this.page = 0;
  }

  /** Replaces the items, keeping the page being shown where it still exists. */
  show(items) {
    this.list.replaceChildren(...items);
    this.layout();
  }

  /** Cuts the items into pages that fit the box as it is now (after a resize, too). */
  layout() {
    const items = [...this.list.children];
    for (const item of items) item.hidden = false;
    this.pages = [];
    if (items.length > 0) {
      const limit = this.box.getBoundingClientRect().bottom;
      const room = limit - items[0].getBoundingClientRect().top;
      let start = 0;
      let startTop = items[0].getBoundingClientRect().top;
      items.forEach((item, i) => {
        const rect = item.getBoundingClientRect();
        if (i > start && rect.bottom - startTop > room + 0.5) {
          this.pages.push(items.slice(start, i));
          start = i;
          startTop = rect.top;
        }
      });
      this.pages.push(items.slice(start));
    } else {
      this.pages.push([]);
    }
    if (!this.label) this.pages = this.pages.slice(0, 1); // the ticker: the newest that fit, no turning
    this.page = Math.min(this.page, this.pages.length - 1);
    this.render();
  }

  /** Shows the next page (back to the first after the last). */
  turn() {
    if (this.pages.length < 2) return;
    this.page = (this.page + 1) % this.pages.length;
    this.render();
  }

  render() {
    const shown = new Set(this.pages[this.page]);
    for (const item of this.list.children) item.hidden = !shown.has(item);
    const section = this.box.closest('section');
    section.dataset.page = String(this.page + 1);
    section.dataset.pages = String(this.pages.length);
    if (this.label) this.label.textContent = this.pages.length > 1 ? `trang ${this.page + 1}/${this.pages.length}` : '';
  }
}
