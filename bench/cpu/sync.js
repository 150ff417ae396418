// Section 2.3 of the document, "主流程执行": the sum of 0..1e9 computed in the request, on the
// main thread (the document's sync.js, unchanged but for the port, from PORT, default 4000).
const http = require('http');
/**
 *
 * 创建 http 服务，简单返回
 */
const server = http.createServer((req, res) => {
    res.write(`${startCount() + nextCount()}`);
    res.end();
});
/**
 * 从 0 计算到 500000000 的和
 */
function startCount() {
    let sum = 0;
    for(let i=0; i<500000000; i++){
        sum = sum + i;
    }
    return sum;
}
/**
 * 从 500000000 计算到 1000000000 之间的和
 */
function nextCount() {
    let sum = 0;
    for(let i=500000000; i<1000000000; i++){
        sum = sum + i;
    }
    return sum;
}
/**
 *
 * 启动服务
 */
const port = Number(process.env.PORT || 4000);
server.listen(port, '127.0.0.1', () => {
    console.log(`server start http://127.0.0.1:${port}`);
});
