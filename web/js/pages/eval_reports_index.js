// Pages of this feature (filled in by its module): routes and navigation entries.
export const routes = [];
export const nav = [];
