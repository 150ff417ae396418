// Section 2.3: the first helper process of async.js, the sum of [0, 500000000) (the document's
// startServer.js; port from PORT, default 5000).
const http = require('http');
/**
 *
 * 创建 http 服务，简单返回
 */
const server = http.createServer((req, res) => {
    let sum = 0;
    for(let i=0; i<500000000; i++){
        sum = sum + i;
    }
    res.write(`${sum}`);
    res.end();
});
/**
 *
 * 启动服务
 */
const port = Number(process.env.PORT || 5000);
server.listen(port, '127.0.0.1', () => {
    console.log(`server start http://127.0.0.1:${port}`);
});
