// Kaifang's page script. It is injected by the app as a WebKit user script: the page itself
// can run no script at all (JavaScript markup is off and the Content-Security-Policy allows none).
'use strict';

(() => {
  const main = document.getElementById('content');
  const handler = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.kaifang;
  const post = (message) => { if (handler) handler.postMessage(JSON.stringify(message)); };
  const ACCENT = /^#[0-9a-fA-F]{6}$/;
  let citation = '';

  function applyAccents(root) {
    for (const el of root.querySelectorAll('[data-accent]')) {
      const colour = el.getAttribute('data-accent');
      if (ACCENT.test(colour))
        el.style.setProperty('--accent', colour);
    }
  }

  function clearHighlights() {
    for (const mark of main.querySelectorAll('mark.kf-highlight')) {
      const parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    }
  }

  // Wraps every case-insensitive occurrence of `needle` in <mark class="kf-highlight">.
  function highlight(needle) {
    clearHighlights();
    if (!needle)
      return 0;
    const lower = needle.toLocaleLowerCase();
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    const hits = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.toLocaleLowerCase();
      for (let i = text.indexOf(lower); i >= 0; i = text.indexOf(lower, i + lower.length))
        hits.push([node, i]);
    }
    for (let k = hits.length - 1; k >= 0; k--) {
      const [node, i] = hits[k];
      const match = node.splitText(i);
      match.splitText(needle.length);
      const mark = document.createElement('mark');
      mark.className = 'kf-highlight';
      match.parentNode.replaceChild(mark, match);
      mark.appendChild(match);
    }
    const first = main.querySelector('mark.kf-highlight');
    if (first)
      first.scrollIntoView({ block: 'center' });
    return hits.length;
  }

  // --- annotations ------------------------------------------------------------------------
  // A highlight is anchored to a block (its data-block id, the same in every language) and to
  // character offsets into the block's text in the language it was made in.

  // The element whose text offsets count: the block, or its reading-language half in the
  // bilingual view.
  function blockText(block) {
    return block.querySelector(':scope > .kf-reading') || block;
  }

  function textOffset(root, node, offset) {
    const range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  // the DOM position of character @offset in @root
  function positionAt(root, offset) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node, seen = 0;
    while ((node = walker.nextNode())) {
      const length = node.nodeValue.length;
      if (seen + length >= offset)
        return [node, offset - seen];
      seen += length;
    }
    return null;
  }

  let selection = null;   // the reader's current selection inside one block

  function updateSelection() {
    const sel = window.getSelection();
    let next = null;
    if (sel && sel.rangeCount && !sel.isCollapsed) {
      const range = sel.getRangeAt(0);
      const start = range.startContainer.parentElement;
      const block = start ? start.closest('[data-block]') : null;
      if (block && block.contains(range.endContainer)) {
        const root = blockText(block);
        if (root.contains(range.startContainer) && root.contains(range.endContainer)) {
          next = {
            block: block.dataset.block,
            start: textOffset(root, range.startContainer, range.startOffset),
            end: textOffset(root, range.endContainer, range.endOffset),
            text: range.toString(),
          };
        }
      }
    }
    if (JSON.stringify(next) !== JSON.stringify(selection)) {
      selection = next;
      post({ type: 'selection', selection });
    }
  }
  document.addEventListener('selectionchange', () => { clearTimeout(updateSelection.timer); updateSelection.timer = setTimeout(updateSelection, 80); });

  function clearNotes() {
    for (const mark of main.querySelectorAll('mark.kf-note')) {
      const parent = mark.parentNode;
      while (mark.firstChild)
        parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    }
    for (const block of main.querySelectorAll('.kf-noted'))
      block.classList.remove('kf-noted');
  }

  // Wraps [start, end) of @root's text in marks (one per text node it spans).
  function markRange(root, start, end, note) {
    const from = positionAt(root, start), to = positionAt(root, end);
    if (!from || !to)
      return false;
    const range = document.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (range.intersectsNode(n))
        nodes.push(n);
    for (let n of nodes) {
      let s = n === from[0] ? from[1] : 0, e = n === to[0] ? to[1] : n.nodeValue.length;
      if (e <= s)
        continue;
      if (e < n.nodeValue.length)
        n.splitText(e);
      if (s > 0)
        n = n.splitText(s);
      const mark = document.createElement('mark');
      mark.className = 'kf-note kf-note-' + note.color;
      mark.dataset.note = note.id;
      if (note.note)
        mark.title = note.note;
      n.parentNode.replaceChild(mark, n);
      mark.appendChild(n);
    }
    return true;
  }

  // notes: [{id, block, start, end, color, note, sameLanguage}]
  function applyNotes(notes) {
    clearNotes();
    let applied = 0;
    for (const note of notes) {
      const block = main.querySelector('[data-block="' + CSS.escape(note.block) + '"]');
      if (!block)
        continue;
      // made in another language: mark the whole block, the offsets mean nothing here
      if (!note.sameLanguage || !markRange(blockText(block), note.start, note.end, note)) {
        block.classList.add('kf-noted', 'kf-note-' + note.color);
        if (note.note)
          block.title = note.note;
      }
      applied++;
    }
    return applied;
  }

  window.kaifang = {
    // page: { html, lang, dir, title, node, anchor, scroll }
    show(page) {
      const root = document.documentElement;
      root.lang = page.lang || 'en';
      root.dir = page.dir || 'ltr';
      root.classList.toggle('bilingual', !!page.bilingual);
      document.title = page.title || '';
      card.hidden = true;
      main.innerHTML = page.html;
      main.dataset.node = page.node || '';
      applyAccents(main);
      const target = page.anchor ? document.getElementById(page.anchor) : null;
      if (target) {
        target.scrollIntoView({ block: 'start' });
        target.classList.add('kf-target');
      } else {
        window.scrollTo(0, page.scroll || 0);
      }
      post({ type: 'scroll', y: window.scrollY });
      return main.dataset.node;
    },
    setStyle(style) {
      const root = document.documentElement;
      root.classList.toggle('dark', !!style.dark);
      root.classList.toggle('sepia', !!style.sepia);
      root.classList.toggle('high-contrast', !!style.highContrast);
      if (style.fontScale)
        root.style.setProperty('--font-scale', String(style.fontScale));
      if (style.lineWidth)
        root.style.setProperty('--line-width', style.lineWidth + 'ch');
      if (style.fontFamily)
        root.dataset.font = style.fontFamily;
      citation = style.citation || '';
      return true;
    },
    highlight,
    applyNotes,
    scrollToBlock(id) {
      const block = main.querySelector('[data-block="' + CSS.escape(id) + '"]');
      if (block) {
        block.scrollIntoView({ block: 'center' });
        block.classList.add('kf-target');
      }
      return !!block;
    },
    scrollPosition() {
      return window.scrollY;
    },
  };

  // Internal links (#id) are answered by the app, which selects the node in the outline.
  // External links are left to the app's navigation policy, which opens them in the browser.
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a[href]') : null;
    if (!link)
      return;
    const href = link.getAttribute('href');
    if (href.startsWith('#')) {
      event.preventDefault();
      post({ type: 'link', target: href.slice(1) });
    }
  }, true);

  // The scroll position, so that the app can bring each node back where the reader left it.
  let scrollTimer = 0;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => post({ type: 'scroll', y: window.scrollY }), 100);
  }, { passive: true });

  // Copy with citation: the copied text is followed by where it comes from.
  document.addEventListener('copy', (event) => {
    const text = String(window.getSelection() || '');
    if (!citation || !text || !event.clipboardData)
      return;
    event.clipboardData.setData('text/plain', text + '\n\n' + citation);
    event.preventDefault();
  });

  // Glossary cards: hovering or focusing a term link shows its expansion and definition.
  const card = document.createElement('div');
  card.id = 'kf-term-card';
  card.className = 'kf-term-card';
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  document.body.appendChild(card);

  function showCard(link) {
    card.textContent = '';
    const term = document.createElement('strong');
    term.textContent = link.dataset.term || '';
    card.appendChild(term);
    if (link.dataset.expansion) {
      const expansion = document.createElement('span');
      expansion.className = 'kf-term-card-expansion';
      expansion.textContent = link.dataset.expansion;
      card.appendChild(expansion);
    }
    const definition = document.createElement('p');
    definition.textContent = link.dataset.definition || '';
    card.appendChild(definition);
    card.hidden = false;
    link.setAttribute('aria-describedby', card.id);
    const box = link.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    card.style.width = width + 'px';
    let left = box.left + window.scrollX;
    left = Math.max(8, Math.min(left, document.documentElement.clientWidth - width - 8));
    card.style.left = left + 'px';
    card.style.top = (box.bottom + window.scrollY + 6) + 'px';
  }

  function hideCard(link) {
    card.hidden = true;
    if (link)
      link.removeAttribute('aria-describedby');
  }

  const termLink = (target) => target.closest ? target.closest('a[data-definition]') : null;
  document.addEventListener('mouseover', (event) => { const l = termLink(event.target); if (l) showCard(l); });
  document.addEventListener('mouseout', (event) => { const l = termLink(event.target); if (l) hideCard(l); });
  document.addEventListener('focusin', (event) => { const l = termLink(event.target); if (l) showCard(l); });
  document.addEventListener('focusout', (event) => { const l = termLink(event.target); if (l) hideCard(l); });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') hideCard(null); });

  post({ type: 'ready' });
})();
