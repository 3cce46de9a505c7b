import { parseCurl } from '../../lib/curl';
import { useRequest } from '../../stores/request';
import { useView } from '../../stores/view';

/** Fill the request bar from a curl command; reports a parse error inline. Returns success. */
export function applyCurl(text: string): boolean {
  const res = parseCurl(text);
  if (!res.ok) {
    useView.getState().setNotice(`Could not read the curl command: ${res.error}`);
    return false;
  }
  const { url, method, headers, body, ignored } = res.value;
  const prev = useRequest.getState().draft;
  useRequest.getState().replace({ ...prev, url, method, headers, body: body ?? '' });
  useView.getState().setNotice(ignored.length ? `Imported curl command (ignored ${ignored.join(' ')})` : null, 'info');
  return true;
}
