import { showBidiControls } from '#shared/control-chars';
import type { FrameRecord } from '#shared/records';
import { formatBytes } from '#shared/byte-size';
import { DecodedFields } from './DecodedFields';
import { closeCodeMeaning, OPCODE_NUMBERS } from '../../lib/ws-close-codes';

/** A WebSocket frame's header as RFC 6455 has it: direction, opcode, size, masking, close code and reason. */
export function FrameFields({ frame }: { frame: FrameRecord }) {
  const opcode = OPCODE_NUMBERS[frame.opcode];
  const meaning = frame.code === undefined ? null : closeCodeMeaning(frame.code);
  return (
    <dl className="fields frame-fields" aria-label="Frame">
      <div>
        <dt>direction</dt>
        <dd data-testid="frame-direction">
          {frame.dir === 'in' ? '↓ in: received from the server' : '↑ out: sent to the server'}
        </dd>
      </div>
      <div>
        <dt>opcode</dt>
        <dd>
          {frame.opcode} (0x{opcode.toString(16)})
        </dd>
      </div>
      <div>
        <dt>size</dt>
        <dd>
          {formatBytes(frame.size)}
          {frame.size >= 1024 ? ` (${frame.size.toLocaleString()} bytes)` : ''} of payload
        </dd>
      </div>
      <div>
        <dt>masked</dt>
        <dd>
          {/* RFC 6455 §5.1: a client masks every frame it sends, a server never does (ws enforces both). */}
          {frame.dir === 'out'
            ? 'yes: client-to-server frames are always masked'
            : 'no: server frames are never masked'}
        </dd>
      </div>
      {frame.opcode === 'close' && (
        <>
          <div>
            <dt>close code</dt>
            <dd data-testid="close-code">
              {frame.code ?? '(none)'}
              {meaning ? ` (${meaning})` : ''}
            </dd>
          </div>
          <div>
            <dt>close reason</dt>
            <dd>{frame.reason ? showBidiControls(frame.reason) : <span className="muted">(none)</span>}</dd>
          </div>
        </>
      )}
      {frame.decoded && <DecodedFields decoded={frame.decoded} />}
      <div>
        <dt>connection</dt>
        <dd>#{frame.connection}</dd>
      </div>
    </dl>
  );
}
