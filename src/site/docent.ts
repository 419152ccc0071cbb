import { Page } from '../web/page/docent-page.js';
import { startSite } from './start.js';

// The site's docent view (docent.html).
startSite('docent', (connect) => new Page(connect));
