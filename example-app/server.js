// Starts the example app: `npm start`, then open the printed /docs URL.
'use strict';

const { app } = require('./app');

const port = Number(process.env.PORT || 3000);

app.listen(port, () => {
  console.log(`Inventory API on http://localhost:${port}/docs (ReDoc at /redoc)`);
});
