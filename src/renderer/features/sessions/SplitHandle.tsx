import { Separator } from '../../components/Separator';
import { SIDE_MAX, SIDE_MIN, useLayout } from '../../stores/layout';

/**
 * The handle between the list and the side panel. Its value is the list's share of the width in
 * percent (the pane before it), as a splitter's should be; the side panel gets the rest.
 */
export function SplitHandle() {
  const sidePercent = useLayout((s) => s.sidePercent);
  const listPercent = 100 - sidePercent;
  return (
    <Separator
      label="Resize the list and the side panel"
      className="split-resize"
      value={listPercent}
      min={100 - SIDE_MAX}
      max={100 - SIDE_MIN}
      step={2}
      valueText={`list ${listPercent} percent of the width`}
      onChange={(p) => useLayout.getState().setSidePercent(100 - p)}
      fromDrag={(start, dx) => {
        const width = document.querySelector('.split')?.clientWidth ?? window.innerWidth;
        return start + (dx / width) * 100;
      }}
    />
  );
}
