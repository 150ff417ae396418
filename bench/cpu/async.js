// Section 2.3 of the document, "异步网络 I/O": the two halves are asked of two other processes
// (startServer.js and nextServer.js) concurrently, over HTTP. The document's async.js with
// request-promise (deprecated) replaced by Node's http module; ports from PORT (default 4000),
// FIRST (default 5000) and SECOND (default 6000).
const http = require('http');
/**
 *
 * 创建 http 服务，简单返回
 */
const server = http.createServer((req, res) => {
    Promise.all([startCount(), nextCount()]).then((values) => {
        let sum = values.reduce(function(prev, curr, idx, arr){
            return parseInt(prev) + parseInt(curr);
        })
        res.write(`${sum}`);
        res.end();
    })
});
// rp.get(url): resolves with the body as a string, as request-promise did
function get(url) {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => { body += chunk; });
            res.on('end', () => resolve(body));
            res.on('error', reject);
        }).on('error', reject);
    });
}
/**
 * 从 0 计算到 500000000 的和
 */
async function startCount() {
    return await get(`http://127.0.0.1:${process.env.FIRST || 5000}`);
}
/**
 * 从 500000000 计算到 1000000000 之间的和
 */
async function nextCount() {
    return await get(`http://127.0.0.1:${process.env.SECOND || 6000}`);
}
/**
 *
 * 启动服务
 */
const port = Number(process.env.PORT || 4000);
server.listen(port, '127.0.0.1', () => {
    console.log(`server start http://127.0.0.1:${port}`);
});
