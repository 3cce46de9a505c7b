export function App() {
  return <main>Streamscope</main>;
}
