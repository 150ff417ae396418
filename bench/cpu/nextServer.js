// Section 2.3: the second helper process of async.js, the sum of [500000000, 1000000000) (the
// document's nextServer.js; port from PORT, default 6000).
const http = require('http');
/**
 *
 * 创建 http 服务，简单返回
 */
const server = http.createServer((req, res) => {
    let sum = 0;
    for(let i=500000000; i<1000000000; i++){
        sum = sum + i;
    }
    res.write(`${sum}`);
    res.end();
});
/**
 *
 * 启动服务
 */
const port = Number(process.env.PORT || 6000);
server.listen(port, '127.0.0.1', () => {
    console.log(`server start http://127.0.0.1:${port}`);
});
