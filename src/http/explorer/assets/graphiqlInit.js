// Starts GraphiQL (from the gateway's own copies of React, ReactDOM and GraphiQL) with the preloaded tabs.
// Plain browser JavaScript, served as is: nothing here is loaded from outside the gateway.
(function start() {
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).toString() });
  var first = config.tabs[0];
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      // GraphiQL fills the editors of the first tab from these, not from defaultTabs; other tabs carry their own.
      query: first.query,
      variables: first.variables,
      headers: first.headers,
      defaultEditorToolsVisibility: true,
      // Tabs survive a reload (GraphiQL keeps them in localStorage); their headers go with them, so every tab
      // still runs after a reload. The demo tokens are stable across restarts (DEMO_SEED).
      shouldPersistHeaders: true,
    }),
  );
})();
