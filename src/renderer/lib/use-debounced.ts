import { useEffect, useState } from 'react';

/** `value`, but only after it stopped changing for `ms` (typing in a filter over 100k records). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
