/** Shown while the list does not follow: how many rows came since, and the way back to the tail. */
export function JumpToLatest({ fresh, onJump }: { fresh: number; onJump(): void }) {
  return (
    <button type="button" className="jump-latest" onClick={onJump} title="Follow new rows again (End)">
      {fresh > 0 && (
        <>
          <span data-testid="new-rows">{fresh.toLocaleString('en-US')}</span> new ·{' '}
        </>
      )}
      Jump to latest
    </button>
  );
}
