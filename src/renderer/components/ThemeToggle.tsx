import { useEffect } from 'react';
import { useView, type ThemeChoice } from '../stores/view';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

/** Cycles system → light → dark; applies the theme as data-theme on <html> (CSS variables do the rest). */
export function ThemeToggle() {
  const theme = useView((s) => s.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const resolved = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
      document.documentElement.dataset.theme = resolved;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
  return (
    <button
      type="button"
      className="theme-toggle"
      title="Theme: system, light or dark"
      onClick={() => useView.getState().setTheme(NEXT[theme])}
    >
      Theme: {theme}
    </button>
  );
}
