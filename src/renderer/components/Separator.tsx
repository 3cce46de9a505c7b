import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface Props {
  /** What it resizes, e.g. "Resize the type column". */
  label: string;
  value: number;
  min: number;
  max: number;
  /** Arrow keys move by `step`, with Shift by four steps. */
  step: number;
  /** How the value reads, e.g. "130 pixels". */
  valueText?: string;
  className?: string;
  onChange(value: number): void;
  /** The value after dragging `dx` pixels right from where the drag started at `start`. */
  fromDrag(start: number, dx: number): number;
}

/**
 * A resize handle between two areas (role="separator", focusable): drag it with the pointer, or
 * focus it and use ←/→ (Shift for bigger steps), Home and End.
 */
export function Separator({ label, value, min, max, step, valueText, className, onChange, fromDrag }: Props) {
  const drag = useRef<{ x: number; start: number } | null>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const by = e.shiftKey ? step * 4 : step;
    let next: number | null = null;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') next = value - by;
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') next = value + by;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    onChange(Math.min(max, Math.max(min, next)));
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuetext={valueText}
      tabIndex={0}
      className={`separator ${className ?? ''}`}
      onKeyDown={onKeyDown}
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e: PointerEvent<HTMLDivElement>) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        e.currentTarget.focus();
        drag.current = { x: e.clientX, start: value };
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        onChange(Math.min(max, Math.max(min, fromDrag(drag.current.start, e.clientX - drag.current.x))));
      }}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
    />
  );
}
