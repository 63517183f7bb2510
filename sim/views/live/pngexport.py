"""The "Charts as PNG" button: the browser paints the charts it shows into one PNG image.

The page's charts are SVG already drawn by the browser; a button's script paints each of them
(``svg[role=img]``) onto one canvas where it sits on the page, writes a heading above them (the
configurations, seed, week and version) and downloads the canvas as PNG. Drawing them again on
the server with matplotlib took seconds; this takes a fraction of one (docs/performance.md).
The button counts the charts drawn while it works.
"""

from __future__ import annotations

import ipyvuetify as v
import traitlets

#: The button and its script (Vue 2, as ipyvue runs it).
TEMPLATE = r"""
<template>
  <v-btn color="primary" :disabled="progress !== ''" @click="exportPng" class="live-png">
    <v-icon left>mdi-image</v-icon>{{ progress || 'Charts as PNG' }}
  </v-btn>
</template>
<script>
module.exports = {
  methods: {
    async exportPng() {
      const svgs = [...document.querySelectorAll('svg[role=img]')];
      if (!svgs.length) { return; }
      this.progress = 'drawing 0 of ' + svgs.length;
      const rects = svgs.map(s => s.getBoundingClientRect());
      const left = Math.min(...rects.map(r => r.left));
      const top = Math.min(...rects.map(r => r.top));
      const right = Math.max(...rects.map(r => r.right));
      const bottom = Math.max(...rects.map(r => r.bottom));
      const pad = 16, head = 44, font = 'bold 18px sans-serif';
      const measure = document.createElement('canvas').getContext('2d');
      measure.font = font;
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(Math.max(right - left, measure.measureText(this.heading).width)
                               + 2 * pad);
      canvas.height = Math.ceil(bottom - top + head + pad);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = 'white';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = 'black';
      ctx.font = font;
      ctx.fillText(this.heading, pad, 28);
      try {
        for (let i = 0; i < svgs.length; i++) {
          const copy = svgs[i].cloneNode(true);
          copy.setAttribute('width', rects[i].width);
          copy.setAttribute('height', rects[i].height);
          copy.removeAttribute('style');
          copy.setAttribute('font-family', 'sans-serif');
          const text = new XMLSerializer().serializeToString(copy);
          const image = new Image();
          await new Promise((done, fail) => {
            image.onload = done;
            image.onerror = fail;
            image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
          });
          ctx.drawImage(image, rects[i].left - left + pad, rects[i].top - top + head,
                        rects[i].width, rects[i].height);
          this.progress = 'drawing ' + (i + 1) + ' of ' + svgs.length;
        }
        this.progress = 'saving';
        const blob = await new Promise(done => canvas.toBlob(done, 'image/png'));
        const link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = this.filename;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      } finally {
        this.progress = '';
      }
    }
  }
}
</script>
"""


class ChartsPng(v.VuetifyTemplate):
    """The "Charts as PNG" button.

    ``heading`` is written above the charts, ``filename`` names the download, ``progress`` is
    what the button says while it draws (empty when idle).
    """

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    heading = traitlets.Unicode("").tag(sync=True)
    filename = traitlets.Unicode("charts.png").tag(sync=True)
    progress = traitlets.Unicode("").tag(sync=True)
