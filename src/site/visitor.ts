import { VisitorPage } from '../web/page/visitor-page.js';
import { startSite } from './start.js';

// The site's visitor view (index.html).
startSite('visitor', (connect) => new VisitorPage(connect));
