// The base styles load first: each feature's own CSS (imported by the feature) comes after them.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './bridge';
import { startIngest } from './stores/sessions';
import { useView } from './stores/view';
import { startFilterSync } from './lib/filter-sync';
import { restoreUiState } from './lib/ui-state-sync';

// Subscribe once, outside React: StrictMode's double effects must not double-subscribe. The
// filter sync starts first, so it sees the first sessions arrive.
startFilterSync(getApi());
startIngest(getApi());
void useView.getState().loadTheme();

// The stores of saved requests, environments, the draft and the layout read localStorage when
// their modules load: the back end's copy goes there first, then App (and those stores) load.
void restoreUiState(getApi())
  .then(() => import('./App'))
  .then(({ App }) => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
