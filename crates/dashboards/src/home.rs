//! The built-in home dashboard, shown when neither the user, their teams nor their org chose
//! one: a welcome text and lists of starred and recently viewed dashboards.

use serde_json::{json, Value};

pub fn built_in() -> Value {
    json!({
        "annotations": {
            "list": [{
                "builtIn": 1,
                "datasource": { "type": "grafana", "uid": "-- Grafana --" },
                "enable": true,
                "hide": true,
                "iconColor": "rgba(0, 211, 255, 1)",
                "name": "Annotations & Alerts",
                "type": "dashboard"
            }]
        },
        "editable": false,
        "graphTooltip": 0,
        "links": [],
        "panels": [
            {
                "id": 1,
                "type": "text",
                "title": "",
                "transparent": true,
                "gridPos": { "h": 3, "w": 24, "x": 0, "y": 0 },
                "options": {
                    "mode": "markdown",
                    "content": "# Welcome to Sightline\n\nCreate a dashboard, import one exported from Grafana, or star the ones you use most to find them here."
                }
            },
            {
                "id": 2,
                "type": "dashlist",
                "title": "Starred dashboards",
                "gridPos": { "h": 12, "w": 12, "x": 0, "y": 3 },
                "options": {
                    "showStarred": true,
                    "showRecentlyViewed": false,
                    "showSearch": false,
                    "showHeadings": false,
                    "maxItems": 30,
                    "query": "",
                    "tags": []
                }
            },
            {
                "id": 3,
                "type": "dashlist",
                "title": "Recently viewed dashboards",
                "gridPos": { "h": 12, "w": 12, "x": 12, "y": 3 },
                "options": {
                    "showStarred": false,
                    "showRecentlyViewed": true,
                    "showSearch": false,
                    "showHeadings": false,
                    "maxItems": 30,
                    "query": "",
                    "tags": []
                }
            }
        ],
        "refresh": "",
        "schemaVersion": 41,
        "tags": [],
        "templating": { "list": [] },
        "time": { "from": "now-6h", "to": "now" },
        "timepicker": { "hidden": true },
        "timezone": "browser",
        "title": "Home",
        "uid": "",
        "version": 0
    })
}
