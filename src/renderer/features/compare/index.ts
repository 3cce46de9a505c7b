import { lazy } from 'react';

// Loaded on first use, like the session view: a cold start paints the launcher without it.
export const CompareView = lazy(() => import('./CompareView').then((m) => ({ default: m.CompareView })));
