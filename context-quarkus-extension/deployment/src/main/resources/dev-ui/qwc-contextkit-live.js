import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { RouterController } from 'router-controller';
import '@vaadin/grid';
import '@vaadin/grid/vaadin-grid-sort-column.js';
import '@vaadin/button';

/**
 * ContextKit's live pages: calls the JSON-RPC method named in the page's "method" metadata
 * (getCounters, getTrustBoundary, getEffectChannels, getDependencies, getFlags) when the page opens and on Refresh, and shows the rows
 * it returns. Values that are objects (flag variants, targeting rules) are shown as JSON.
 */
export class QwcContextkitLive extends LitElement {
    jsonRpc = new JsonRpc(this);
    routerController = new RouterController(this);

    static styles = css`
        :host {
            display: flex;
            flex-direction: column;
            height: 100%;
        }
        .bar {
            display: flex;
            align-items: center;
            gap: 1em;
            padding: 0 10px;
        }
        .rows {
            flex: 1;
            padding-bottom: 10px;
        }
        .error {
            color: var(--lumo-error-text-color);
        }
    `;

    static properties = {
        _method: { state: true },
        _rows: { state: true },
        _cols: { state: true },
        _error: { state: true },
        _readAt: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        const page = this.routerController.getCurrentPage();
        if (page && page.metadata) {
            this._method = page.metadata.method;
        }
        this._load();
    }

    _load() {
        if (!this._method) {
            this._error = 'No JSON-RPC method configured for this page';
            return;
        }
        this.jsonRpc[this._method]()
            .then(response => {
                const rows = response.result || [];
                this._rows = rows.map(row => this._flatten(row));
                this._cols = rows.length > 0 ? Object.getOwnPropertyNames(rows[0]) : [];
                this._error = null;
                this._readAt = new Date().toLocaleTimeString();
            })
            .catch(failure => {
                this._error = failure && failure.error ? failure.error.message : String(failure);
            });
    }

    _flatten(row) {
        const shown = {};
        for (const [key, value] of Object.entries(row)) {
            shown[key] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
        }
        return shown;
    }

    render() {
        return html`
            <div class="bar">
                <vaadin-button theme="small" @click=${() => this._load()}>Refresh</vaadin-button>
                ${this._readAt ? html`<span>Read at ${this._readAt}</span>` : ''}
                ${this._error ? html`<span class="error">${this._error}</span>` : ''}
            </div>
            ${this._renderRows()}
        `;
    }

    _renderRows() {
        if (!this._rows) {
            return html`<span>Loading…</span>`;
        }
        if (this._rows.length === 0) {
            return html`<span>Nothing to show.</span>`;
        }
        return html`<vaadin-grid .items=${this._rows} class="rows" theme="no-border row-stripes">
            ${this._cols.map(col => html`<vaadin-grid-sort-column path="${col}" resizable auto-width></vaadin-grid-sort-column>`)}
        </vaadin-grid>`;
    }
}
customElements.define('qwc-contextkit-live', QwcContextkitLive);
