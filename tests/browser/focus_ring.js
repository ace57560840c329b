// The contrast of the focused element's outline against what is behind it (WCAG 1.4.11).
() => {
          const e = document.activeElement, s = getComputedStyle(e);
          const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
          const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
          let bg = null;
          for (let p = e.parentElement; p && !bg; p = p.parentElement) {
            const c = getComputedStyle(p).backgroundColor; const v = c.match(/[\d.]+/g).map(Number);
            if (v.length < 4 || v[3] > 0.5) bg = v.slice(0, 3);
          }
          const [a, b] = [lum(rgb(s.outlineColor)), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05);
        }
